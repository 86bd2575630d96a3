import { describe, expect, it, vi } from 'vitest';
import type { ClientSnapshot } from '../../src/auth/auth-state.js';
import { VerifiedSecrets } from '../../src/auth/verified-secrets.js';
import * as secrets from '../../src/lib/secrets.js';

vi.mock('../../src/lib/secrets.js', { spy: true });

const snapshot = (secretHash: string): ClientSnapshot => ({
  id: 'a4f0c9a4-7b8e-4f36-9a51-2c5a0b1d3e77',
  name: 'integration',
  description: '',
  grantTypes: ['client_credentials'],
  redirectUris: [],
  confidential: true,
  firstParty: false,
  allowedScopes: [],
  webOrigins: [],
  secretHash,
  tokenEndpointAuthMethod: 'client_secret_basic',
  jwks: null,
  requireDpop: false,
  deleted: false,
});

describe('the verified-secret cache', () => {
  it('runs argon2id once for concurrent requests with the same secret, then not again; a wrong secret or a rotated hash runs it anew', async () => {
    const client = snapshot(await secrets.hashSecret('right'));
    const cache = new VerifiedSecrets(3600);
    const verify = vi.mocked(secrets.verifySecret);
    verify.mockClear();
    expect(await Promise.all(Array.from({ length: 8 }, () => cache.verify(client, 'right')))).toEqual(Array(8).fill(true));
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await cache.verify(client, 'right')).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);

    expect(await Promise.all([cache.verify(client, 'wrong'), cache.verify(client, 'wrong')])).toEqual([false, false]);
    expect(verify).toHaveBeenCalledTimes(2);
    expect(await cache.verify(client, 'wrong')).toBe(false);
    expect(verify).toHaveBeenCalledTimes(3);

    const rotated = { ...client, secretHash: await secrets.hashSecret('next') };
    expect(await cache.verify(rotated, 'right')).toBe(false);
    expect(await cache.verify(rotated, 'next')).toBe(true);
    expect(verify).toHaveBeenCalledTimes(5);
  });
});
