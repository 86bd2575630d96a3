import { describe, expect, it } from 'vitest';
import type { ClientSnapshot } from '../../src/auth/auth-state.js';
import { effectivePermissions } from '../../src/auth/effective-permissions.js';
import { claimsOf } from '../../src/modules/access/identity-scopes.js';
import { InvalidScope } from '../../src/oauth/errors.js';
import { grantScopes, narrowScopes } from '../../src/oauth/scopes.js';

const client = (overrides: Partial<ClientSnapshot> = {}): ClientSnapshot => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'c',
  description: '',
  grantTypes: ['password'],
  redirectUris: [],
  confidential: true,
  firstParty: false,
  allowedScopes: [],
  webOrigins: [],
  secretHash: null,
  tokenEndpointAuthMethod: 'client_secret_basic',
  jwks: null,
  requireDpop: false,
  deleted: false,
  ...overrides,
});
const held = new Set(['orders.view', 'customers.view']);
const grant = (requested: string[], options: { firstParty?: boolean; allowed?: string[]; userToken?: boolean } = {}) =>
  grantScopes({
    requested,
    held,
    client: client({ firstParty: options.firstParty ?? false, allowedScopes: options.allowed ?? [] }),
    userToken: options.userToken ?? true,
    fallback: () => [],
  });

/** Identity scopes beside permission scopes: held by every user, never implied, no permission. */
describe('identity scopes', () => {
  it('are granted to user tokens without being permissions, within the allowed scopes', () => {
    expect(grant(['openid', 'email', 'orders.view'])).toEqual(['openid', 'email', 'orders.view']);
    expect(grant(['openid', 'orders.view'], { allowed: ['openid', 'orders.view'] })).toEqual(['openid', 'orders.view']);
    expect(() => grant(['openid', 'profile'], { allowed: ['openid', 'orders.view'] })).toThrow(
      new InvalidScope('the client may not request the scope "profile"'),
    );
  });

  it('need a user', () => {
    expect(() => grant(['phone'], { userToken: false })).toThrow(new InvalidScope('the scope "phone" needs a user'));
  });

  it('may stand beside * for first-party clients, which still allows no other permission scope', () => {
    expect(grant(['openid', 'profile', '*'], { firstParty: true })).toEqual(['openid', 'profile', '*']);
    expect(() => grant(['openid', '*', 'orders.view'], { firstParty: true })).toThrow(/cannot be combined/);
    expect(() => grant(['openid', '*'])).toThrow(/only for first-party/);
  });

  it('are kept or dropped on refresh, never added, not even under *', () => {
    expect(narrowScopes(['openid', 'email', 'orders.view'], ['openid', 'orders.view'], held)).toEqual(['openid', 'orders.view']);
    expect(narrowScopes(['openid', '*'], ['openid', 'orders.view'], held)).toEqual(['openid', 'orders.view']);
    expect(narrowScopes(['openid', '*'], ['*'], held)).toEqual(['*']);
    expect(() => narrowScopes(['*'], ['openid'], held)).toThrow(
      new InvalidScope('the scope "openid" exceeds the original grant'),
    );
    expect(() => narrowScopes(['orders.view'], ['email', 'orders.view'], held)).toThrow(/exceeds the original grant/);
  });

  it('grant no permission', () => {
    expect(effectivePermissions(held, ['openid', 'profile', 'email', 'phone'], null)).toEqual(new Set());
    expect(effectivePermissions(held, ['openid', '*'], [])).toEqual(held);
  });

  it('release their claims', () => {
    expect(claimsOf(['openid', 'orders.view', 'profile', 'phone'])).toEqual([
      'name',
      'updated_at',
      'phone_number',
      'phone_number_verified',
    ]);
  });
});
