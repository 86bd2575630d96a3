import type { FastifyReply } from 'fastify';
import type { IdTokenHint } from '../../auth/jwt.js';
import { writeAuditEvent } from '../../modules/audit/audit.service.js';
import { AppClient } from '../../modules/client/app-client.entity.js';
import { endSignInSessions } from '../../modules/session/sign-in-session.service.js';
import { AuthorizePageError } from './authorize-errors.js';
import type { FlowContext } from './authorize-flow.js';
import type { RawParams } from './authorize-request.js';
import { formFields } from './form.js';
import { sendPage } from './pages.js';
import { signedOutView } from './views.js';

/** Where the end-session endpoint lives; under the session cookie's path. */
export const END_SESSION_PATH = '/oauth/logout';

const PARAMS = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'logout_hint', 'ui_locales'] as const;
type Param = (typeof PARAMS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_STATE_LENGTH = 2048;

class EndSessionError extends AuthorizePageError {
  override name = 'EndSessionError';
  constructor(description: string) {
    super(400, 'This sign-out link is not valid', description);
  }
}

/**
 * `GET|POST /oauth/logout`, OpenID Connect RP-Initiated Logout 1.0. Steps: readParams,
 * readHint (an ID token of ours, expired or not), resolveClient (the hint's audience,
 * which `client_id` must agree with), checkRedirect (a registered post-logout URI,
 * character for character), endSession (the browser's sign-in and the hint's `sid`, on
 * every instance since the record is in the database), then redirect with `state` or
 * show the signed-out page. Nothing is ever redirected to an unregistered address.
 */
export async function handleEndSession(ctx: FlowContext, raw: RawParams): Promise<FastifyReply> {
  const params = readParams(raw);
  const hint = await readHint(ctx, params.id_token_hint);
  const client = await resolveClient(ctx, params.client_id, hint);
  const redirectUri = checkRedirect(client, params.post_logout_redirect_uri);
  await endSession(ctx, hint);
  if (!redirectUri) return sendPage(ctx.reply, 'signed-out', signedOutView(client?.name ?? null));
  const target = new URL(redirectUri);
  if (params.state !== undefined) target.searchParams.append('state', params.state);
  return ctx.reply.code(303).header('cache-control', 'no-store').header('location', target.href).send();
}

/** The body of a POST, the query of a GET. */
export function endSessionParams(method: string, query: unknown, body: unknown): RawParams {
  return formFields(method === 'POST' ? body : query);
}

function readParams(raw: RawParams): Partial<Record<Param, string>> {
  const params: Partial<Record<Param, string>> = {};
  for (const name of PARAMS) {
    const value = raw[name];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw new EndSessionError(`The parameter ${name} was given more than once.`);
    params[name] = value;
  }
  if (params.state !== undefined && params.state.length > MAX_STATE_LENGTH) {
    throw new EndSessionError(`The state parameter is longer than ${MAX_STATE_LENGTH} characters.`);
  }
  return params;
}

async function readHint(ctx: FlowContext, token: string | undefined): Promise<IdTokenHint | null> {
  if (token === undefined) return null;
  const hint = await ctx.keys.readIdTokenHint(token);
  if (!hint) throw new EndSessionError('The application sent an id_token_hint that this server did not issue.');
  return hint;
}

async function resolveClient(
  ctx: FlowContext,
  clientId: string | undefined,
  hint: IdTokenHint | null,
): Promise<AppClient | null> {
  // RP-Initiated Logout §2: both given, they must name the same client.
  if (clientId !== undefined && hint && clientId.toLowerCase() !== hint.clientId) {
    throw new EndSessionError('The client_id does not match the application the id_token_hint was issued to.');
  }
  const id = hint?.clientId ?? clientId;
  if (id === undefined) return null;
  const client = UUID.test(id) ? await ctx.em.findOne(AppClient, { id: id.toLowerCase() }) : null;
  if (!client) throw new EndSessionError('The application that sent you here is not registered.');
  return client;
}

function checkRedirect(client: AppClient | null, uri: string | undefined): string | null {
  if (uri === undefined) return null;
  if (!client) {
    throw new EndSessionError('A post_logout_redirect_uri needs the application to be named (id_token_hint or client_id).');
  }
  // Exact match only (no normalisation, no loopback port exception): nothing else is ever a target.
  if (!client.postLogoutRedirectUris.includes(uri)) {
    throw new EndSessionError('The application asked to send you to an address it has not registered for sign-out.');
  }
  return uri;
}

/**
 * Ends the browser's sign-in and the hinted one, and revokes the tokens issued from them
 * (as node-oidc-provider does for grants without offline access): after a logout the
 * portal's refresh token is spent too, so a stolen one cannot outlive the session.
 */
async function endSession(ctx: FlowContext, hint: IdTokenHint | null): Promise<void> {
  const session = ctx.sessions.read(ctx.request);
  const ended = [
    ...(session?.userId ? await endSignInSessions(ctx.em, [session.sid]) : []),
    ...(hint?.sessionId ? await endSignInSessions(ctx.em, [hint.sessionId], hint.sub) : []),
  ];
  if (session) ctx.sessions.clear(ctx.reply);
  for (const { id, userId } of ended) {
    const actor = { type: 'user' as const, id: userId };
    await writeAuditEvent(ctx.em, {
      action: 'session.ended',
      actor,
      target: { type: 'user', id: userId },
      ip: ctx.request.ip,
      details: { via: 'end_session', clientId: hint?.clientId ?? null },
    });
    await ctx.revoker.revokeSignInSessions(ctx.em, [id], { reason: 'end_session', actor, ip: ctx.request.ip });
  }
}
