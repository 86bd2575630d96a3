import { type LimitKey, usernameKey } from '../../auth/failure-limiter.js';
import { AUDIT_ACTIONS } from '../../modules/audit/audit.service.js';
import type { User } from '../../modules/user/user.entity.js';
import { authenticateUser } from '../../modules/user/user-login.js';
import { dpopBinding } from '../dpop.js';
import { InvalidGrant } from '../errors.js';
import { checkLimits } from '../limits.js';
import { requestedResource } from '../resource.js';
import { defaultScopes, grantScopes, parseScope } from '../scopes.js';
import type { Grant, GrantContext } from './grant.js';

const WRONG_CREDENTIALS = 'the username or password is incorrect';

/**
 * RFC 6749 §4.3 (Passport's password grant). Steps: readCredentials, checkLimits,
 * authenticateUser (one argon2 verification whatever happens, so an unknown user
 * and a wrong password look and take the same), chooseScopes, issue.
 */
export const passwordGrant: Grant = {
  grantType: 'password',
  publicClients: true,
  parameters: ['username', 'password', 'scope', 'resource'],
  allowedFor: (client) => client.grantTypes.includes('password'),

  async handle(ctx) {
    const username = ctx.params.require('username');
    const password = ctx.params.require('password');
    const resource = requestedResource(ctx.params, ctx.services.config.resources);
    const keys: LimitKey[] = [
      { kind: 'username', username },
      { kind: 'ip', ip: ctx.request.ip },
    ];
    checkLimits(ctx.services.rateLimits, keys);
    const user = await authenticateUser(ctx.em, ctx.services.config.loginAttributes, username, password);
    if (!user) await refuse(ctx, keys, username);
    return issueFor(ctx, user as User, resource);
  },
};

async function refuse(ctx: GrantContext, keys: LimitKey[], username: string): Promise<never> {
  await ctx.services.rateLimits.recordFailure(keys, {
    action: AUDIT_ACTIONS.loginFailed,
    actor: { type: 'client', id: ctx.client.id },
    target: { type: 'username', id: usernameKey(username) },
    ip: ctx.request.ip,
    details: { clientId: ctx.client.id, via: 'password_grant' },
  });
  throw new InvalidGrant(WRONG_CREDENTIALS);
}

/** Nothing requested: the default scopes, which follow the user's permissions (see defaultScopes). */
async function issueFor(ctx: GrantContext, user: User, resource: string | null) {
  const { client, services } = ctx;
  const held = await services.state.subjectPermissions({ type: 'user', id: user.id });
  const requested = parseScope(ctx.params.get('scope'));
  const scopes = grantScopes({ requested, held, client, userToken: true, fallback: () => defaultScopes(client, held, true) });
  const { dpopJkt, refreshJkt } = dpopBinding(client, ctx.dpop, { jkt: null, what: 'the grant' });
  const issued = await services.tokens.issue(ctx.em, {
    client,
    userId: user.id,
    scopes,
    defaultScope: requested === undefined,
    grantType: 'password',
    resource,
    refresh: { dpopJkt: refreshJkt },
    dpopJkt,
    ip: ctx.request.ip,
  });
  return issued.response;
}
