import { unstorableText } from '../db/storable-text.js';
import { InvalidRequest } from './errors.js';

/** Longer than any token, password or scope list we accept; a 100 KB value is an attack, not a request. */
const MAX_VALUE_LENGTH = 8192;

/**
 * The parameters of a form-encoded or JSON request, read one name at a time:
 * unknown names are ignored (RFC 6749 §3.2), known ones must be a single string
 * (repeated or non-string values are `invalid_request`), and an empty value counts
 * as absent (§3.1).
 */
export class RequestParams {
  readonly #fields: Record<string, unknown>;

  constructor(body: unknown) {
    if (body === undefined || body === null || body === '') {
      this.#fields = {};
    } else if (typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) {
      this.#fields = body as Record<string, unknown>;
    } else {
      throw new InvalidRequest('the request body must be form-encoded parameters or a JSON object');
    }
  }

  /** Parameters built by the server itself (the first-party proxy); undefined values are left out. */
  static of(fields: Record<string, string | undefined>): RequestParams {
    return new RequestParams(Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)));
  }

  get(name: string): string | undefined {
    if (!Object.hasOwn(this.#fields, name)) return undefined;
    const value = this.#fields[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (Array.isArray(value)) throw new InvalidRequest(`parameter "${name}" must not be repeated`);
    if (typeof value !== 'string') throw new InvalidRequest(`parameter "${name}" must be a string`);
    if (value.length > MAX_VALUE_LENGTH) throw new InvalidRequest(`parameter "${name}" is too long`);
    // No credential or token holds text the database cannot store (NUL, a lone surrogate).
    const unstorable = unstorableText(value);
    if (unstorable !== null) throw new InvalidRequest(`parameter "${name}" ${unstorable}`);
    return value;
  }

  /** Whether the parameter came more than once (for the few that answer that with their own error). */
  repeated(name: string): boolean {
    return Object.hasOwn(this.#fields, name) && Array.isArray(this.#fields[name]);
  }

  require(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw new InvalidRequest(`parameter "${name}" is required`);
    return value;
  }
}
