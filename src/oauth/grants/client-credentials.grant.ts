import { requestedResource } from '../resource.js';
import { defaultScopes, grantScopes, parseScope } from '../scopes.js';
import type { Grant } from './grant.js';

/**
 * RFC 6749 §4.4. The token has no user: its permissions are the client's own
 * (direct and via roles), narrowed to the requested scope. Without a scope it stands
 * for all of them, as they are at each request (a permission given later applies too).
 * No refresh token (§4.4.3): the client can always ask again.
 */
export const clientCredentialsGrant: Grant = {
  grantType: 'client_credentials',
  publicClients: false,
  parameters: ['scope', 'resource'],
  allowedFor: (client) => client.confidential && client.grantTypes.includes('client_credentials'),

  async handle(ctx) {
    const { client, services } = ctx;
    const held = await services.state.subjectPermissions({ type: 'client', id: client.id });
    const resource = requestedResource(ctx.params, services.config.resources);
    const requested = parseScope(ctx.params.get('scope'));
    const scopes = grantScopes({ requested, held, client, userToken: false, fallback: () => defaultScopes(client, held, false) });
    // No transaction here: the token joins the group commit, and no entity manager is forked for it.
    const issued = await services.tokens.issue(null, {
      client,
      userId: null,
      scopes,
      defaultScope: requested === undefined,
      grantType: 'client_credentials',
      resource,
      dpopJkt: ctx.dpop?.jkt ?? null,
      ip: ctx.request.ip,
    });
    return issued.response;
  },
};
