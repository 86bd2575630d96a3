import type { EntityManager } from '@mikro-orm/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { consentCovers } from '../../modules/consent/consent.service.js';
import { issueAuthorizationCode } from '../../modules/token/authorization-code.service.js';
import { User } from '../../modules/user/user.entity.js';
import type { AuthorizationRequest } from './authorize-request.js';
import { redirectToClient } from './authorize-response.js';
import { sendPage } from './pages.js';
import type { BrowserSession, SessionCookies } from './session.js';
import { consentView, loginView } from './views.js';

/** What every authorization handler works with. */
export interface FlowContext {
  config: Config;
  sessions: SessionCookies;
  em: EntityManager;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** The signed-in user of this browser, if the session names one that may still sign in. */
export async function sessionUser(ctx: FlowContext): Promise<{ session: BrowserSession; user: User } | null> {
  const session = ctx.sessions.read(ctx.request);
  if (!session?.userId) return null;
  const user = await ctx.em.findOne(User, { id: session.userId });
  if (!user || user.disabled) return null;
  return { session, user };
}

/**
 * The next step of a valid request: the login page without a signed-in user; then the
 * consent screen unless the client is first-party or the user already allowed these
 * scopes; then the code.
 */
export async function proceed(ctx: FlowContext, request: AuthorizationRequest): Promise<FastifyReply> {
  const signedIn = await sessionUser(ctx);
  if (!signedIn) return showLogin(ctx, request);
  if (await needsConsent(ctx.em, request, signedIn.user)) {
    const csrfToken = ctx.sessions.csrfToken(signedIn.session, 'consent');
    return sendPage(ctx.reply, 'consent', consentView(request, signedIn.user, csrfToken), { redirectUri: request.redirectUri });
  }
  return issueCode(ctx, request, signedIn.user);
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
    username: state.username,
    error: state.error,
  });
  return sendPage(ctx.reply, 'login', view, { status: state.status, redirectUri: request.redirectUri });
}

async function needsConsent(em: EntityManager, request: AuthorizationRequest, user: User): Promise<boolean> {
  if (request.client.firstParty) return false;
  const scopes = request.scopes.map((scope) => scope.name);
  return !(await consentCovers(em, user.id, request.client.id, scopes));
}

/** Issues the code and sends the browser back to the client with it (RFC 6749 §4.1.2). */
export async function issueCode(ctx: FlowContext, request: AuthorizationRequest, user: User): Promise<FastifyReply> {
  const code = await issueAuthorizationCode(ctx.em, {
    clientId: request.client.id,
    userId: user.id,
    redirectUri: request.redirectUri,
    scopes: request.scopes.map((scope) => scope.name),
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
  });
  return redirectToClient(ctx.reply, request.redirectUri, ctx.config.issuer, { code, state: request.state });
}
