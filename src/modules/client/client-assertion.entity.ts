import { defineEntity, p } from '@mikro-orm/core';
import { AppClient } from './app-client.entity.js';

/**
 * The `jti` of every `private_key_jwt` assertion accepted (RFC 7523 §3, single use),
 * kept until the assertion expires: the primary key refuses a second use on any instance.
 */
const ClientAssertionSchema = defineEntity({
  name: 'ClientAssertion',
  tableName: 'client_assertion_jti',
  properties: {
    client: () => p.manyToOne(AppClient).primary().deleteRule('cascade'),
    /** SHA-256 of the `jti`, so any length or character of it fits. */
    jtiHash: p.string().length(64).primary(),
    expiresAt: p.datetime().index(),
  },
});

export class ClientAssertion extends ClientAssertionSchema.class {}
ClientAssertionSchema.setClass(ClientAssertion);
