import { authorizationCodeGrant } from './authorization-code.grant.js';
import { clientCredentialsGrant } from './client-credentials.grant.js';
import type { Grant } from './grant.js';
import { passwordGrant } from './password.grant.js';
import { refreshTokenGrant } from './refresh-token.grant.js';

export type { Grant, GrantContext } from './grant.js';

/**
 * The grant registry: `grant_type` → its module. The token endpoint dispatches
 * through this map and the RFC 8414 metadata lists its keys, so a new grant is
 * its module plus one entry here.
 */
export const grants: ReadonlyMap<string, Grant> = new Map(
  [clientCredentialsGrant, authorizationCodeGrant, passwordGrant, refreshTokenGrant].map((grant) => [grant.grantType, grant]),
);
