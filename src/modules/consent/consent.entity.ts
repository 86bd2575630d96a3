import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { AppClient } from '../client/app-client.entity.js';
import { User } from '../user/user.entity.js';

/** What a user allowed a client to do; a later request within these scopes skips the screen. */
const ConsentSchema = defineEntity({
  name: 'Consent',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    client: () => p.manyToOne(AppClient).index(),
    scopes: p.array().default([]),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['user', 'client'] }],
});

export class Consent extends ConsentSchema.class {}
ConsentSchema.setClass(Consent);
