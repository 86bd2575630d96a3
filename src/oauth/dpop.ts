import type { ClientSnapshot } from '../auth/auth-state.js';
import { proofRequest } from '../auth/authenticator.js';
import { DpopProofError, type VerifiedProof } from '../auth/dpop-proof.js';
import { offerDpopNonce } from '../http/dpop-nonce.js';
import type { EndpointContext } from './context.js';
import { InvalidDpopProof, InvalidGrant, UseDpopNonce } from './errors.js';

/**
 * The request's DPoP proof (RFC 9449 §5, and §10.1 at the PAR endpoint), checked against
 * this request and spent on every instance; null when none was sent and none is
 * `required` (by default: when the client does not require DPoP).
 */
export async function checkTokenProof(
  ctx: EndpointContext,
  client: ClientSnapshot,
  required = client.requireDpop,
): Promise<VerifiedProof | null> {
  const { request, services } = ctx;
  if (request.headers.dpop === undefined) {
    if (required) throw new InvalidDpopProof('this client must send a DPoP proof with every token request');
    return null;
  }
  offerDpopNonce(ctx.reply, services.dpopNonces, true);
  const { dpop, method, url } = proofRequest(request, services.config.issuer);
  let proof: VerifiedProof;
  try {
    proof = services.dpop.verify(dpop, { method, url });
  } catch (error) {
    if (!(error instanceof DpopProofError)) throw error;
    if (error.error === 'use_dpop_nonce' && services.dpopNonces) {
      throw new UseDpopNonce(error.message, services.dpopNonces.current());
    }
    throw new InvalidDpopProof(error.message);
  }
  const fresh = await services.spentJtis.spend(ctx.em, {
    clientId: client.id,
    purpose: 'dpop_proof',
    jti: `${proof.jkt}.${proof.jti}`,
    expiresAt: new Date(proof.acceptableUntil),
  });
  if (!fresh) throw new InvalidDpopProof('the DPoP proof was already used (jti)');
  return proof;
}

/** What a grant's tokens are bound to: the access token's `cnf.jkt` and the refresh token's key. */
export interface DpopBinding {
  dpopJkt: string | null;
  refreshJkt: string | null;
}

/**
 * RFC 9449 §5 and §10: a grant already bound to a key (a code's `dpop_jkt`, a public
 * client's refresh token) needs a proof by that key; the access token is bound to the
 * proof's key; a public client's refresh token is bound too, a confidential client's not
 * (it authenticates itself, §5).
 */
export function dpopBinding(
  client: Pick<ClientSnapshot, 'confidential'>,
  proof: VerifiedProof | null,
  bound: { jkt: string | null; what: string },
): DpopBinding {
  if (bound.jkt && proof?.jkt !== bound.jkt) {
    throw new InvalidGrant(`${bound.what} is bound to a DPoP key: send a DPoP proof signed by that key`);
  }
  const dpopJkt = proof?.jkt ?? null;
  return { dpopJkt, refreshJkt: client.confidential ? null : (bound.jkt ?? dpopJkt) };
}
