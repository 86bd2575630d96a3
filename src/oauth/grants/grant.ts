import type { ClientSnapshot } from '../../auth/auth-state.js';
import type { VerifiedProof } from '../../auth/dpop-proof.js';
import type { TokenResponse } from '../../auth/token-issuer.js';
import type { ClientAuthMethod } from '../client-auth.js';
import type { EndpointContext } from '../context.js';
import type { RequestParams } from '../params.js';

/** What a grant's `handle` gets: the endpoint context plus the authenticated client. */
export interface GrantContext extends EndpointContext {
  params: RequestParams;
  client: ClientSnapshot;
  authMethod: ClientAuthMethod;
  /** RFC 9449: the request's checked DPoP proof; null without one. */
  dpop: VerifiedProof | null;
}

/**
 * Every grant type has this shape (as node-oidc-provider's grant modules):
 * adding one is a new module plus one line in `grants/index.ts`.
 */
export interface Grant {
  /** The `grant_type` value. */
  readonly grantType: string;
  /** Whether public clients (authentication method `none`) may use it. */
  readonly publicClients: boolean;
  /** The parameters it reads besides `grant_type` and client credentials (documentation). */
  readonly parameters: readonly string[];
  /** Whether this client is registered for the grant (`unauthorized_client` otherwise). */
  allowedFor(client: ClientSnapshot): boolean;
  handle(ctx: GrantContext): Promise<TokenResponse>;
}
