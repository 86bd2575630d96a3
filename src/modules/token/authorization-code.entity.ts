import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { AppClient } from '../client/app-client.entity.js';
import { User } from '../user/user.entity.js';

/** Authorization codes, stored as SHA-256 of their 256-bit value; single use. */
const AuthorizationCodeSchema = defineEntity({
  name: 'AuthorizationCode',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    codeHash: p.string().length(64).unique(),
    client: () => p.manyToOne(AppClient),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    redirectUri: p.text(),
    scopes: p.array().default([]),
    codeChallenge: p.string().length(128).nullable(),
    codeChallengeMethod: p.string().length(10).nullable(),
    /** OpenID Connect: the request's `nonce`, the sign-in session and when the user authenticated there. */
    nonce: p.text().nullable(),
    sessionId: p.string().length(64).nullable(),
    authTime: p.datetime().nullable(),
    /** RFC 8707: the `resource` the request named; the access token's `aud`. */
    resource: p.text().nullable(),
    /** RFC 9449 §10: the `dpop_jkt` of the request; only a proof by that key may exchange the code. */
    dpopJkt: p.string().length(43).nullable(),
    used: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().index(),
  },
});

export class AuthorizationCode extends AuthorizationCodeSchema.class {}
AuthorizationCodeSchema.setClass(AuthorizationCode);
