import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { signingInput } from './token-shape.js';

/** CPU ms per signature, in the bench process, for each access-token algorithm. */
export interface SignatureCosts {
  RS256: number;
  ES256: number;
  EdDSA: number;
}

/** How long each algorithm is signed for per measurement. */
const SECONDS = 0.3;

const ALGORITHMS: { alg: keyof SignatureCosts; digest: string | null; key: KeyObject }[] = [
  { alg: 'RS256', digest: 'sha256', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey },
  { alg: 'ES256', digest: 'sha256', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey },
  { alg: 'EdDSA', digest: null, key: generateKeyPairSync('ed25519').privateKey },
];

/**
 * What one signature costs on this machine now: node:crypto signing a signing input the
 * size of one of our access tokens' (header and claims base64url), one after another for
 * SECONDS, the process's user + system CPU time divided by the signatures. Run beside
 * the token case in each round, so the ratio compares like with like in time.
 */
export function measureSignatures(): SignatureCosts {
  const input = Buffer.from(signingInput());
  const costs = {} as SignatureCosts;
  for (const { alg, digest, key } of ALGORITHMS) {
    for (let i = 0; i < 20; i++) sign(digest, input, key); // warm
    const before = process.cpuUsage();
    const started = performance.now();
    let count = 0;
    while (performance.now() - started < SECONDS * 1000) {
      for (let i = 0; i < 10; i++) sign(digest, input, key);
      count += 10;
    }
    const used = process.cpuUsage(before);
    costs[alg] = Number(((used.user + used.system) / 1000 / count).toFixed(4));
  }
  return costs;
}
