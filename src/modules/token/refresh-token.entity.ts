import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { AccessToken } from './access-token.entity.js';

/**
 * Opaque refresh tokens, stored as SHA-256 of their 256-bit value. Every rotation
 * adds a member to the same `family`; reuse of a used member revokes the family.
 */
const RefreshTokenSchema = defineEntity({
  name: 'RefreshToken',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    tokenHash: p.string().length(64).unique(),
    accessToken: () => p.manyToOne(AccessToken).index().deleteRule('cascade'),
    family: p.uuid().index(),
    /** OpenID Connect: carried through rotation so a refreshed ID token keeps `auth_time` and `sid`. */
    sessionId: p.string().length(64).nullable(),
    authTime: p.datetime().nullable(),
    used: p.boolean().default(false),
    revoked: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
  },
});

export class RefreshToken extends RefreshTokenSchema.class {}
RefreshTokenSchema.setClass(RefreshToken);
