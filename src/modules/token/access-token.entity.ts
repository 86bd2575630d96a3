import { defineEntity, p } from '@mikro-orm/core';
import { AppClient } from '../client/app-client.entity.js';
import { User } from '../user/user.entity.js';
import { revokedAtTrigger } from './revoked-at.trigger.js';

/** Every issued JWT is recorded by its `jti` (never the token itself). */
const AccessTokenSchema = defineEntity({
  name: 'AccessToken',
  // Every statement that revokes, whoever writes it, stamps the time: the purge's retention counts from it.
  triggers: [revokedAtTrigger()],
  properties: {
    id: p.uuid().primary(),
    client: () => p.manyToOne(AppClient).index(),
    user: () => p.manyToOne(User).nullable().index().deleteRule('cascade'),
    scopes: p.array().default([]),
    /**
     * No scope was asked for: the token stands for all of its subject's permissions and
     * follows them live; `scopes` then records what the subject held at issue.
     */
    defaultScope: p.boolean().default(false),
    /** Name of a personal access token; null for tokens from a grant. */
    name: p.string().length(200).nullable(),
    grantType: p.string().length(40),
    /** Set when the token came from an authorization code, so a replayed code can revoke it. */
    authorizationCodeId: p.uuid().nullable().index(),
    revoked: p.boolean().default(false),
    /** Set by the database (a trigger) when `revoked` becomes true: the purge's retention counts from it. */
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().index(),
  },
});

export class AccessToken extends AccessTokenSchema.class {}
AccessTokenSchema.setClass(AccessToken);
