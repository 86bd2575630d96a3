import type { FastifyReply } from 'fastify';
import type { DpopNonces } from '../auth/dpop-nonce.js';

/**
 * RFC 9449 §8.2 / §9: while nonces are required, every answer to a request with a DPoP
 * proof carries the current one, so a client moves to the next nonce before its own
 * goes stale; a `use_dpop_nonce` refusal carries it too.
 */
export function offerDpopNonce(reply: FastifyReply, nonces: DpopNonces | null, hasProof: boolean): void {
  if (nonces && hasProof) reply.header('dpop-nonce', nonces.current());
}
