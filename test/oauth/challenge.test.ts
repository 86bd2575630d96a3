import { describe, expect, it } from 'vitest';
import { bearerChallenge } from '../../src/auth/challenge.js';
import { AuthenticationError } from '../../src/auth/principal.js';

describe('bearerChallenge', () => {
  const config = { issuer: 'https://core.example.test' };

  it('keeps error_description to the characters RFC 6750 §3 allows, whatever the message holds', () => {
    const hostile = ['the token’s “client” was deleted', 'line\r\nSet-Cookie: x=1', 'quote " and \\ backslash', 'ünïcödé 🙂'];
    for (const message of hostile) {
      const challenge = bearerChallenge(config, new AuthenticationError('client_deleted', message));
      const description = /error_description="([^"]*)"/.exec(challenge)?.[1] ?? '';
      expect(description).toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]*$/);
      expect(challenge).not.toMatch(/[\r\n]/);
    }
    expect(bearerChallenge(config, new AuthenticationError('revoked', 'the token’s client'))).toContain(
      `error_description="the token's client"`,
    );
  });

  it('names no error when no token was sent (RFC 6750 §3.1)', () => {
    expect(bearerChallenge(config, new AuthenticationError('missing_token'))).toBe(
      'Bearer realm="core-api", resource_metadata="https://core.example.test/.well-known/oauth-protected-resource"',
    );
  });
});
