import { randomUUID } from 'node:crypto';

/**
 * A signing input (header and claims, base64url) the size of one of our access tokens':
 * what the bench signs in the bench process (signature.ts) and the token floor signs per
 * request (reference-server.ts).
 */
export function signingInput(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'RS256', typ: 'at+jwt', kid: 'x'.repeat(43) })}.${encode({
    client_id: randomUUID(),
    scope: 'customers.view orders.view',
    iss: 'http://127.0.0.1:3000',
    sub: randomUUID(),
    aud: 'http://127.0.0.1:3000',
    iat: now,
    exp: now + 3600,
    jti: randomUUID(),
  })}`;
}
