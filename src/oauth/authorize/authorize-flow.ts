import type { EntityManager } from '@mikro-orm/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SigningKeys } from '../../auth/jwt.js';
import type { TokenRevoker } from '../../auth/token-revoker.js';
import type { Config } from '../../config.js';
import { consentCovers } from '../../modules/consent/consent.service.js';
import { isSignInSessionLive } from '../../modules/session/sign-in-session.service.js';
import { issueAuthorizationCode } from '../../modules/token/authorization-code.service.js';
import { consumePushedRequest } from '../../modules/token/pushed-request.service.js';
import { User } from '../../modules/user/user.entity.js';
import { AuthorizeRedirectError, UntrustedRequestError } from './authorize-errors.js';
import type { AuthorizationRequest } from './authorize-request.js';
import { redirectToClient } from './authorize-response.js';
import { sendPage } from './pages.js';
import type { BrowserSession, SessionCookies } from './session.js';
import { consentView, loginView } from './views.js';

/** What every authorization handler works with. */
export interface FlowContext {
  config: Config;
  keys: Pick<SigningKeys, 'readIdTokenHint'>;
  revoker: Pick<TokenRevoker, 'revokeSignInSessions'>;
  sessions: SessionCookies;
  em: EntityManager;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A browser's signed-in user, with the session that signed them in. */
export interface SignedIn {
  session: BrowserSession & { userId: string; authTime: number };
  user: User;
}

/**
 * The signed-in user of this browser: the cookie names them, their sign-in record is
 * still on (a logout ends it for every copy of the cookie), and they may still sign in.
 */
export async function sessionUser(ctx: FlowContext): Promise<SignedIn | null> {
  const session = ctx.sessions.read(ctx.request);
  if (!session?.userId || session.authTime === null) return null;
  if (!(await isSignInSessionLive(ctx.em, session.sid, session.userId))) return null;
  const user = await ctx.em.findOne(User, { id: session.userId });
  if (!user || user.disabled) return null;
  return { session: { ...session, userId: session.userId, authTime: session.authTime }, user };
}

/**
 * The next step of a valid request: the login page unless a user is signed in recently
 * enough for the request (`prompt=login`, `max_age`, `id_token_hint`); then the consent
 * screen unless the client is first-party or the user already allowed these scopes (or
 * `prompt=consent` asks for it anyway); then the code. With `prompt=none` no page is
 * ever shown: `login_required` or `consent_required` go back to the client instead.
 */
export async function proceed(ctx: FlowContext, request: AuthorizationRequest): Promise<FastifyReply> {
  const silent = request.prompt.has('none');
  const signedIn = await sessionUser(ctx);
  if (!signedIn || mustSignInAgain(request, signedIn)) {
    if (silent) throw redirectError(request, 'login_required', 'the user must sign in');
    return showLogin(ctx, request);
  }
  if (request.prompt.has('consent') || (await needsConsent(ctx.em, request, signedIn.user))) {
    if (silent) throw redirectError(request, 'consent_required', 'the user must allow this application first');
    const csrfToken = ctx.sessions.csrfToken(signedIn.session, 'consent');
    return sendPage(ctx.reply, 'consent', consentView(request, signedIn.user, csrfToken), { redirectUri: request.redirectUri });
  }
  return issueCode(ctx, request, signedIn);
}

/** OIDC Core §3.1.2.1: a forced re-authentication, a too old sign-in, or a hint naming someone else. */
function mustSignInAgain(request: AuthorizationRequest, signedIn: SignedIn): boolean {
  if (request.prompt.has('login') || request.prompt.has('select_account')) return true;
  const age = Math.floor(Date.now() / 1000) - signedIn.session.authTime;
  if (request.maxAge !== null && age > request.maxAge) return true;
  return request.idTokenHint !== null && request.idTokenHint.claims.sub !== signedIn.user.id;
}

function redirectError(request: AuthorizationRequest, code: 'login_required' | 'consent_required', description: string) {
  return new AuthorizeRedirectError(code, description, request.redirectUri, request.state);
}

export interface LoginPageState {
  status?: number;
  username?: string;
  error?: string;
}

export function showLogin(ctx: FlowContext, request: AuthorizationRequest, state: LoginPageState = {}): FastifyReply {
  const session = ctx.sessions.ensure(ctx.request, ctx.reply);
  const view = loginView({
    request,
    attributes: ctx.config.loginAttributes,
    csrfToken: ctx.sessions.csrfToken(session, 'login'),
    // login_hint (OIDC Core §3.1.2.1) prefills the field; what the user typed wins.
    username: state.username ?? request.loginHint ?? undefined,
    error: state.error,
  });
  return sendPage(ctx.reply, 'login', view, { status: state.status, redirectUri: request.redirectUri });
}

async function needsConsent(em: EntityManager, request: AuthorizationRequest, user: User): Promise<boolean> {
  if (request.client.firstParty) return false;
  const scopes = request.scopes.map((scope) => scope.name);
  return !(await consentCovers(em, user.id, request.client.id, scopes));
}

/**
 * Issues the code and sends the browser back to the client with it (RFC 6749 §4.1.2).
 * The code remembers the nonce and the sign-in (session id, time) for the ID token.
 */
export async function issueCode(ctx: FlowContext, request: AuthorizationRequest, signedIn: SignedIn): Promise<FastifyReply> {
  // RFC 9126: one code per pushed request, however many browsers or instances carry it.
  if (request.requestUri && !(await consumePushedRequest(ctx.em, request.client.id, request.requestUri))) {
    throw new UntrustedRequestError('This sign-in link was already used', 'Go back to the application and start again.');
  }
  const code = await issueAuthorizationCode(ctx.em, {
    clientId: request.client.id,
    userId: signedIn.user.id,
    redirectUri: request.redirectUri,
    scopes: request.scopes.map((scope) => scope.name),
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    nonce: request.nonce,
    sessionId: signedIn.session.sid,
    authTime: new Date(signedIn.session.authTime * 1000),
    resource: request.resource,
    dpopJkt: request.dpopJkt,
  });
  return redirectToClient(ctx.reply, request.redirectUri, ctx.config.issuer, { code, state: request.state });
}
