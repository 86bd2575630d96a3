import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { AccessToken } from './access-token.entity.js';
import { revokedAtTrigger } from './revoked-at.trigger.js';

/**
 * Opaque refresh tokens, stored as SHA-256 of their 256-bit value. Every rotation
 * adds a member to the same `family`; reuse of a used member revokes the family.
 */
const RefreshTokenSchema = defineEntity({
  name: 'RefreshToken',
  // Every statement that revokes, whoever writes it, stamps the time: the purge's retention counts from it.
  triggers: [revokedAtTrigger()],
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
    /** RFC 8707: the resource the grant was aimed at, kept through rotation. */
    resource: p.text().nullable(),
    /** RFC 9449 §5: a public client's refresh token is bound to its DPoP key (RFC 7638 thumbprint). */
    dpopJkt: p.string().length(43).nullable(),
    used: p.boolean().default(false),
    /** When it was first used (the database's clock): the retry grace runs from here. */
    usedAt: p.datetime().nullable(),
    revoked: p.boolean().default(false),
    /** Set by the database (a trigger) when `revoked` becomes true: the purge's retention counts from it. */
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** The purge looks for families whose every member expired long ago. */
    expiresAt: p.datetime().index(),
  },
});

export class RefreshToken extends RefreshTokenSchema.class {}
RefreshTokenSchema.setClass(RefreshToken);
