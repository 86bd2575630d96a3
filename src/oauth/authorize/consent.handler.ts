import type { FastifyReply } from 'fastify';
import { writeAuditEvent } from '../../modules/audit/audit.service.js';
import { grantConsent } from '../../modules/consent/consent.service.js';
import { endSignInSessions } from '../../modules/session/sign-in-session.service.js';
import { AuthorizePageError, AuthorizeRedirectError, CsrfError } from './authorize-errors.js';
import { type FlowContext, issueCode, sessionUser, showLogin } from './authorize-flow.js';
import { type AuthorizationRequest, validateAuthorizationRequest } from './authorize-request.js';
import { continueAuthorization, redirectWithError } from './authorize-response.js';
import { formFields, textField } from './form.js';

/**
 * `POST /oauth/authorize`: the consent form. Steps: validateRequest (the hidden fields),
 * requireSignedIn, checkCsrf, readDecision, then deny → `access_denied`, allow →
 * remember the consent and issue the code, switch_account → sign out and back to login.
 */
export async function handleConsent(ctx: FlowContext): Promise<FastifyReply> {
  const fields = formFields(ctx.request.body);
  const request = await validateAuthorizationRequest(ctx.em, ctx.keys, fields, ctx.config.resources);
  const signedIn = await sessionUser(ctx);
  // The session ended while the screen was open: sign in again, then the screen comes back.
  if (!signedIn) return showLogin(ctx, request);
  if (!ctx.sessions.verifyCsrf(signedIn.session, 'consent', textField(fields, 'csrf_token'))) throw new CsrfError();

  const decision = textField(fields, 'decision');
  if (decision === 'switch_account') return switchAccount(ctx, request, signedIn.session.sid);
  if (decision !== 'allow' && decision !== 'deny') {
    throw new AuthorizePageError(
      400,
      'Choose Allow or Deny',
      'The form was sent without a decision. Go back and choose Allow or Deny.',
    );
  }
  const audit = {
    actor: { type: 'user' as const, id: signedIn.user.id },
    target: { type: 'client', id: request.client.id },
    ip: ctx.request.ip,
  };
  if (decision === 'deny') {
    await writeAuditEvent(ctx.em, { ...audit, action: 'consent.denied' });
    const denied = new AuthorizeRedirectError('access_denied', 'the user denied the request', request.redirectUri, request.state);
    return redirectWithError(ctx.reply, denied, ctx.config.issuer);
  }
  const scopes = request.scopes.map((scope) => scope.name);
  await grantConsent(ctx.em, { userId: signedIn.user.id, clientId: request.client.id, scopes, ip: ctx.request.ip });
  return issueCode(ctx, request, signedIn);
}

/** "Use another account": the sign-in ends, a fresh anonymous session, then the same request shows the login page. */
async function switchAccount(ctx: FlowContext, request: AuthorizationRequest, sessionId: string): Promise<FastifyReply> {
  await endSignInSessions(ctx.em, [sessionId]);
  ctx.sessions.write(ctx.reply, null);
  return continueAuthorization(ctx.reply, request);
}
