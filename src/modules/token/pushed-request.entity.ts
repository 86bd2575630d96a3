import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { AppClient } from '../client/app-client.entity.js';

/**
 * RFC 9126 pushed authorization requests: the validated parameters, found by the
 * SHA-256 of the `request_uri`'s random part. A row yields one authorization code at
 * most (`used`), whichever instance serves the browser.
 */
const PushedRequestSchema = defineEntity({
  name: 'PushedRequest',
  tableName: 'pushed_authorization_request',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    requestUriHash: p.string().length(64).unique(),
    client: () => p.manyToOne(AppClient).deleteRule('cascade'),
    params: p.json<Record<string, string>>(),
    /** When the browser first brought it to the authorization endpoint; the sign-in may take longer than `expiresAt`. */
    startedAt: p.datetime().nullable(),
    used: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().index(),
  },
});

export class PushedRequest extends PushedRequestSchema.class {}
PushedRequestSchema.setClass(PushedRequest);
