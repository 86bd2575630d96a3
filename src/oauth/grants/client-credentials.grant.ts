import { grantScopes, parseScope } from '../scopes.js';
import type { Grant } from './grant.js';

/**
 * RFC 6749 §4.4. The token has no user: its permissions are the client's own
 * (direct and via roles), narrowed to the requested scope, by default all of them.
 * No refresh token (§4.4.3): the client can always ask again.
 */
export const clientCredentialsGrant: Grant = {
  grantType: 'client_credentials',
  publicClients: false,
  parameters: ['scope'],
  allowedFor: (client) => client.confidential && client.grantTypes.includes('client_credentials'),

  async handle(ctx) {
    const { client, services } = ctx;
    const held = await services.state.subjectPermissions({ type: 'client', id: client.id });
    const scopes = grantScopes({
      requested: parseScope(ctx.params.get('scope')),
      held,
      client,
      userToken: false,
      fallback: () => [...held].sort(),
    });
    const issued = await services.tokens.issue(ctx.em, {
      client,
      userId: null,
      scopes,
      grantType: 'client_credentials',
      ip: ctx.request.ip,
    });
    return issued.response;
  },
};
