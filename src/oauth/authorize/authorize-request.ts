import type { EntityManager } from '@mikro-orm/core';
import type { SigningKeys } from '../../auth/jwt.js';
import { unstorableText } from '../../db/storable-text.js';
import { AppClient } from '../../modules/client/app-client.entity.js';
import { isRegisteredRedirectUri } from '../../modules/client/redirect-uri.js';
import type { ScopeDescription } from '../../modules/consent/scope-descriptions.js';
import { openPushedRequest } from '../../modules/token/pushed-request.service.js';
import { resourceProblem } from '../resource.js';
import { AuthorizeRedirectError, type Fail, UntrustedRequestError } from './authorize-errors.js';
import { checkOidcParameters, type OidcRequest, oidcParams } from './authorize-oidc.js';
import { checkScopes } from './authorize-scopes.js';

/** Parameters as Fastify parses them: a repeated name becomes an array. */
export type RawParams = Record<string, unknown>;

/** A validated authorization request: everything after this point may redirect to `redirectUri`. */
export interface AuthorizationRequest extends OidcRequest {
  client: AppClient;
  redirectUri: string;
  scopes: ScopeDescription[];
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | null;
  /** RFC 8707: the API the token will be aimed at; null for the default audience. */
  resource: string | null;
  /** RFC 9126: the `request_uri` the parameters came from; the forms carry it alone. */
  requestUri: string | null;
  /** RFC 9449 §10: the thumbprint of the DPoP key the code is bound to. */
  dpopJkt: string | null;
}

/**
 * Where the parameters come from: the browser (`GET /oauth/authorize` and the forms,
 * possibly by `request_uri`), or `POST /oauth/par`, which validates them before storing.
 */
export type RequestSource = 'browser' | 'push';

/** The parameters that make up a request; the forms carry exactly these forward. */
export const REQUEST_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'prompt',
  'max_age',
  'login_hint',
  'id_token_hint',
  'resource',
  'dpop_jkt',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const MAX_STATE_LENGTH = 2048;
/** RFC 7638 SHA-256 thumbprint, base64url: always 43 characters. */
const JWK_THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/**
 * Validates `GET /oauth/authorize` (and the same parameters re-posted by the forms) in
 * RFC 6749 §4.1.2.1 order: the client and its exact redirect URI first, failing onto an
 * error page; every later step fails by redirect to that URI.
 */
export async function validateAuthorizationRequest(
  em: EntityManager,
  keys: Pick<SigningKeys, 'readIdTokenHint'>,
  given: RawParams,
  resources: readonly string[],
  source: RequestSource = 'browser',
): Promise<AuthorizationRequest> {
  const client = await loadClient(em, given);
  const { params, requestUri } = await resolvePushed(em, client, given, source);
  const redirectUri = checkRedirectUri(client, params);
  const state = readState(params);
  const fail: Fail = (code, description) => new AuthorizeRedirectError(code, description, redirectUri, state.value);
  if (state.error) throw fail('invalid_request', state.error);
  if (source === 'browser' && !requestUri && client.requirePushedAuthorizationRequests) {
    throw fail('invalid_request', 'this client must push its authorization requests to /oauth/par (RFC 9126)');
  }
  const resource = checkResource(params, resources, fail);
  checkNoRepeats(params, fail);
  checkStorable(params, fail);
  checkResponseType(params, fail);
  checkClientMayUseCodes(client, fail);
  const scopes = await checkScopes(em, client, single(params, 'scope').value, fail);
  const challenge = checkPkce(client, params, fail);
  const oidc = await checkOidcParameters(params, client, keys, fail);
  const dpopJkt = checkDpopJkt(params, fail);
  return { client, redirectUri, scopes, state: state.value, ...challenge, ...oidc, resource, requestUri, dpopJkt };
}

/**
 * RFC 9126 §4: with `request_uri`, the pushed parameters are the request and any others
 * in the URL are ignored. An unknown, expired, completed or another client's
 * `request_uri` is shown as a page: no redirect URI can be trusted for it.
 */
async function resolvePushed(
  em: EntityManager,
  client: AppClient,
  given: RawParams,
  source: RequestSource,
): Promise<{ params: RawParams; requestUri: string | null }> {
  const { value, repeated } = single(given, 'request_uri');
  if (value === undefined && !repeated) return { params: given, requestUri: null };
  if (source === 'push') throw new UntrustedRequestError('Invalid request', 'request_uri must not be pushed');
  const pushed = value && !repeated ? await openPushedRequest(em, client.id, value) : null;
  if (!pushed) {
    throw new UntrustedRequestError(
      'This sign-in link has expired',
      'The request_uri is unknown, expired or already used. Go back to the application and start again.',
    );
  }
  return { params: pushed, requestUri: value as string };
}

/** One value of a parameter; `repeated` when it came more than once (RFC 6749 §3.1). */
function single(params: RawParams, name: string): { value?: string; repeated: boolean } {
  const raw = params[name];
  if (raw === undefined) return { repeated: false };
  if (typeof raw === 'string') return { value: raw, repeated: false };
  const first = Array.isArray(raw) && typeof raw[0] === 'string' ? raw[0] : undefined;
  return { value: first, repeated: true };
}

async function loadClient(em: EntityManager, params: RawParams): Promise<AppClient> {
  const { value, repeated } = single(params, 'client_id');
  if (!value || repeated || !UUID.test(value)) {
    throw new UntrustedRequestError(
      'Unknown application',
      'The link that brought you here does not name a registered application.',
    );
  }
  const client = await em.findOne(AppClient, { id: value.toLowerCase() });
  if (!client) {
    throw new UntrustedRequestError('Unknown application', 'The application that sent you here is not registered.');
  }
  return client;
}

function checkRedirectUri(client: AppClient, params: RawParams): string {
  const { value, repeated } = single(params, 'redirect_uri');
  // Character-for-character: no normalisation, no prefix or pattern matching (RFC 9700 §4.1.3);
  // only a loopback IP redirect may change its port (RFC 8252 §7.3).
  if (!value || repeated || !isRegisteredRedirectUri(client.redirectUris, value)) {
    throw new UntrustedRequestError(
      'Invalid redirect address',
      'The application asked to send you back to an address it has not registered, so the request was stopped.',
    );
  }
  return value;
}

function readState(params: RawParams): { value: string | null; error?: string } {
  const { value, repeated } = single(params, 'state');
  if (repeated) return { value: null, error: 'state was given more than once' };
  if (value !== undefined && value.length > MAX_STATE_LENGTH) {
    return { value: null, error: `state must be at most ${MAX_STATE_LENGTH} characters` };
  }
  const unstorable = value === undefined ? null : unstorableText(value);
  if (unstorable !== null) return { value: null, error: `state ${unstorable}` };
  return { value: value ?? null };
}

function checkNoRepeats(params: RawParams, fail: Fail): void {
  const repeated = REQUEST_PARAMS.find((name) => single(params, name).repeated);
  if (repeated) throw fail('invalid_request', `${repeated} was given more than once`);
}

/**
 * The nonce, the login hint and the rest end up in the code's row and the forms: a value
 * the database cannot store (a NUL, a lone surrogate) is the client's error, not a 500.
 */
function checkStorable(params: RawParams, fail: Fail): void {
  for (const name of REQUEST_PARAMS) {
    const { value } = single(params, name);
    const problem = value === undefined ? null : unstorableText(value);
    if (problem !== null) throw fail('invalid_request', `${name} ${problem}`);
  }
}

/** RFC 8707 §2: one known resource at most. */
function checkResource(params: RawParams, resources: readonly string[], fail: Fail): string | null {
  const { value, repeated } = single(params, 'resource');
  if (repeated) throw fail('invalid_target', 'only one resource may be requested per token');
  if (value === undefined || value === '') return null;
  const problem = resourceProblem(value, resources);
  if (problem) throw fail('invalid_target', problem);
  return value;
}

function checkDpopJkt(params: RawParams, fail: Fail): string | null {
  const { value } = single(params, 'dpop_jkt');
  if (value === undefined) return null;
  if (!JWK_THUMBPRINT.test(value)) throw fail('invalid_request', 'dpop_jkt must be a base64url SHA-256 JWK thumbprint');
  return value;
}

function checkResponseType(params: RawParams, fail: Fail): void {
  const { value } = single(params, 'response_type');
  if (!value) throw fail('invalid_request', 'response_type is required');
  if (value !== 'code') throw fail('unsupported_response_type', 'only response_type=code is supported');
}

function checkClientMayUseCodes(client: AppClient, fail: Fail): void {
  if (!client.grantTypes.includes('authorization_code')) {
    throw fail('unauthorized_client', 'this client may not use the authorization code grant');
  }
}

function checkPkce(
  client: AppClient,
  params: RawParams,
  fail: Fail,
): Pick<AuthorizationRequest, 'codeChallenge' | 'codeChallengeMethod'> {
  const challenge = single(params, 'code_challenge').value;
  const method = single(params, 'code_challenge_method').value;
  if (method !== undefined && method !== 'S256') {
    throw fail('invalid_request', 'code_challenge_method must be S256 (plain is not accepted)');
  }
  if (challenge !== undefined && method === undefined) {
    // RFC 7636 would default to plain, which this server refuses.
    throw fail('invalid_request', 'code_challenge_method=S256 is required with code_challenge (plain is not accepted)');
  }
  if (method !== undefined && challenge === undefined) throw fail('invalid_request', 'code_challenge is required');
  if (challenge !== undefined && !S256_CHALLENGE.test(challenge)) {
    throw fail('invalid_request', 'code_challenge must be 43 base64url characters (the S256 of the code verifier)');
  }
  if (challenge === undefined && !client.confidential) {
    throw fail('invalid_request', 'public clients must use PKCE: send code_challenge with code_challenge_method=S256');
  }
  return { codeChallenge: challenge ?? null, codeChallengeMethod: challenge ? 'S256' : null };
}

/** The request's parameters again, for the forms' hidden fields and the post-login redirect. */
export function requestParams(request: AuthorizationRequest): [string, string][] {
  if (request.requestUri) {
    return [
      ['client_id', request.client.id],
      ['request_uri', request.requestUri],
    ];
  }
  const entries: [string, string | null][] = [
    ['response_type', 'code'],
    ['client_id', request.client.id],
    ['redirect_uri', request.redirectUri],
    ['scope', request.scopes.map((scope) => scope.name).join(' ')],
    ['state', request.state],
    ['code_challenge', request.codeChallenge],
    ['code_challenge_method', request.codeChallengeMethod],
    ...oidcParams(request),
    ['resource', request.resource],
    ['dpop_jkt', request.dpopJkt],
  ];
  return entries.filter((entry): entry is [string, string] => entry[1] !== null);
}
