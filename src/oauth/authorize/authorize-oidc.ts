import type { IdTokenHint, SigningKeys } from '../../auth/jwt.js';
import type { AppClient } from '../../modules/client/app-client.entity.js';
import type { Fail } from './authorize-errors.js';

/** Parameters as Fastify parses them: a repeated name becomes an array. */
type RawParams = Record<string, unknown>;

/** OIDC Core §3.1.2.1 `prompt` values this server acts on. */
export type Prompt = 'none' | 'login' | 'consent' | 'select_account';
export const PROMPT_VALUES: readonly Prompt[] = ['none', 'login', 'consent', 'select_account'];

/** The OpenID Connect part of an authorization request (Core 1.0 §3.1.2.1). */
export interface OidcRequest {
  nonce: string | null;
  prompt: ReadonlySet<Prompt>;
  /** Seconds; the user must have signed in at most this long ago. */
  maxAge: number | null;
  loginHint: string | null;
  /** The raw hint, carried through the forms, and what it says. */
  idTokenHint: { token: string; claims: IdTokenHint } | null;
}

/** Longer than any nonce a library makes (openid-client: 43 characters). */
const MAX_NONCE_LENGTH = 512;
const MAX_LOGIN_HINT_LENGTH = 254;
/** A year: a larger max_age means "any session", which the session lifetime bounds anyway. */
const MAX_MAX_AGE = 365 * 86400;

const value = (params: RawParams, name: string) => (typeof params[name] === 'string' ? params[name] : undefined) || undefined;

/**
 * Validates `nonce`, `prompt`, `max_age`, `login_hint` and `id_token_hint` once the
 * redirect URI is trusted: every failure goes back to the client. An `id_token_hint`
 * must be an ID token this server issued to this client (expired ones included).
 */
export async function checkOidcParameters(
  params: RawParams,
  client: AppClient,
  keys: Pick<SigningKeys, 'readIdTokenHint'>,
  fail: Fail,
): Promise<OidcRequest> {
  const nonce = value(params, 'nonce') ?? null;
  if (nonce !== null && nonce.length > MAX_NONCE_LENGTH) {
    throw fail('invalid_request', `nonce must be at most ${MAX_NONCE_LENGTH} characters`);
  }
  const loginHint = value(params, 'login_hint') ?? null;
  if (loginHint !== null && loginHint.length > MAX_LOGIN_HINT_LENGTH) {
    throw fail('invalid_request', `login_hint must be at most ${MAX_LOGIN_HINT_LENGTH} characters`);
  }
  return {
    nonce,
    prompt: readPrompt(value(params, 'prompt'), fail),
    maxAge: readMaxAge(value(params, 'max_age'), fail),
    loginHint,
    idTokenHint: await readIdTokenHint(value(params, 'id_token_hint'), client, keys, fail),
  };
}

function readPrompt(raw: string | undefined, fail: Fail): ReadonlySet<Prompt> {
  const values = new Set((raw ?? '').split(' ').filter(Boolean));
  const unknown = [...values].find((prompt) => !PROMPT_VALUES.includes(prompt as Prompt));
  if (unknown !== undefined) throw fail('invalid_request', `prompt value "${unknown.slice(0, 50)}" is not supported`);
  if (values.has('none') && values.size > 1) throw fail('invalid_request', 'prompt=none cannot be combined with other values');
  return values as Set<Prompt>;
}

function readMaxAge(raw: string | undefined, fail: Fail): number | null {
  if (raw === undefined) return null;
  if (!/^\d{1,9}$/.test(raw)) throw fail('invalid_request', 'max_age must be a non-negative number of seconds');
  return Math.min(Number(raw), MAX_MAX_AGE);
}

async function readIdTokenHint(
  token: string | undefined,
  client: AppClient,
  keys: Pick<SigningKeys, 'readIdTokenHint'>,
  fail: Fail,
): Promise<OidcRequest['idTokenHint']> {
  if (token === undefined) return null;
  const claims = await keys.readIdTokenHint(token);
  if (!claims) throw fail('invalid_request', 'id_token_hint is not an ID token issued by this server');
  if (claims.clientId !== client.id) throw fail('invalid_request', 'id_token_hint was issued to another client');
  return { token, claims };
}

/** The OIDC parameters again, for the forms and the continuation after a sign-in. */
export function oidcParams(request: OidcRequest): [string, string | null][] {
  return [
    ['nonce', request.nonce],
    ['prompt', request.prompt.size > 0 ? [...request.prompt].join(' ') : null],
    ['max_age', request.maxAge === null ? null : String(request.maxAge)],
    ['login_hint', request.loginHint],
    ['id_token_hint', request.idTokenHint?.token ?? null],
  ];
}

/**
 * After the user has just signed in, the request continues without what asked for that
 * sign-in (`prompt=login`/`select_account`, `max_age`, a hint naming someone else):
 * it is satisfied, and asking again would loop.
 */
export function afterSignIn(request: OidcRequest): OidcRequest {
  const prompt = new Set([...request.prompt].filter((value) => value !== 'login' && value !== 'select_account'));
  return { ...request, prompt, maxAge: null, idTokenHint: null };
}
