import { type FailureLimiter, type LimitKey, TooManyAttempts } from '../auth/failure-limiter.js';
import { TooManyRequests } from './errors.js';

/** Refuses with 429 `too_many_requests` (and `Retry-After`) while any of `keys` is past its failure limit. */
export function checkLimits(limiter: FailureLimiter, keys: LimitKey[]): void {
  try {
    limiter.check(keys);
  } catch (error) {
    if (error instanceof TooManyAttempts) throw new TooManyRequests(error.retryAfterSeconds);
    throw error;
  }
}
