import type { FastifyReply } from 'fastify';
import { type FailureLimiter, type LimitKey, TooManyAttempts, usernameKey } from '../../auth/failure-limiter.js';
import { AUDIT_ACTIONS } from '../../modules/audit/audit.service.js';
import { startSignInSession } from '../../modules/session/sign-in-session.service.js';
import type { User } from '../../modules/user/user.entity.js';
import { authenticateUser } from '../../modules/user/user-login.js';
import { CsrfError } from './authorize-errors.js';
import { type FlowContext, showLogin } from './authorize-flow.js';
import { type AuthorizationRequest, validateAuthorizationRequest } from './authorize-request.js';
import { continueAuthorization } from './authorize-response.js';
import { formFields, textField } from './form.js';

const WRONG_CREDENTIALS = 'The username or password is incorrect.';
const MAX_USERNAME_LENGTH = 254;

/**
 * `POST /oauth/authorize/login`: the login form. Steps: checkCsrf, validateRequest
 * (the hidden fields are the authorization request), checkLimits, authenticate, then a
 * fresh session and back to `GET /oauth/authorize`. Failures count against the same
 * per-username and per-IP limits as the password grant.
 */
export async function handleLogin(ctx: FlowContext, limiter: FailureLimiter): Promise<FastifyReply> {
  const fields = formFields(ctx.request.body);
  checkCsrf(ctx, textField(fields, 'csrf_token'));
  const request = await validateAuthorizationRequest(ctx.em, ctx.keys, fields, ctx.config.resources);
  const username = (textField(fields, 'username') ?? '').slice(0, MAX_USERNAME_LENGTH);
  const password = textField(fields, 'password') ?? '';
  const keys: LimitKey[] = [
    { kind: 'username', username },
    { kind: 'ip', ip: ctx.request.ip },
  ];
  try {
    limiter.check(keys);
  } catch (error) {
    if (error instanceof TooManyAttempts) return tooManyAttempts(ctx, request, username, error.retryAfterSeconds);
    throw error;
  }
  const user = username && password ? await authenticateUser(ctx.em, ctx.config.loginAttributes, username, password) : null;
  if (!user) {
    await recordFailure(ctx, limiter, keys, request, username);
    return showLogin(ctx, request, { status: 401, username, error: WRONG_CREDENTIALS });
  }
  return signIn(ctx, request, user);
}

function checkCsrf(ctx: FlowContext, token: string | undefined): void {
  if (!ctx.sessions.verifyCsrf(ctx.sessions.read(ctx.request), 'login', token)) throw new CsrfError();
}

function tooManyAttempts(ctx: FlowContext, request: AuthorizationRequest, username: string, retryAfter: number): FastifyReply {
  const minutes = Math.max(1, Math.ceil(retryAfter / 60));
  ctx.reply.header('retry-after', String(retryAfter));
  return showLogin(ctx, request, {
    status: 429,
    username,
    error: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  });
}

/** The failure is its audit event (what the limiter counts); the password never goes anywhere. */
function recordFailure(
  ctx: FlowContext,
  limiter: FailureLimiter,
  keys: LimitKey[],
  request: AuthorizationRequest,
  username: string,
) {
  return limiter.recordFailure(keys, {
    action: AUDIT_ACTIONS.loginFailed,
    target: { type: 'username', id: usernameKey(username) },
    ip: ctx.request.ip,
    details: { clientId: request.client.id, via: 'authorize' },
  });
}

/**
 * A new session id at sign-in (no session fixation), recorded so that a logout can end it,
 * then the request continues where it left off.
 */
async function signIn(ctx: FlowContext, request: AuthorizationRequest, user: User): Promise<FastifyReply> {
  const session = ctx.sessions.write(ctx.reply, user.id);
  await startSignInSession(ctx.em, {
    id: session.sid,
    userId: user.id,
    authTime: new Date((session.authTime ?? 0) * 1000),
    expiresAt: new Date(session.expiresAt * 1000),
  });
  return continueAuthorization(ctx.reply, request, { signedIn: true });
}
