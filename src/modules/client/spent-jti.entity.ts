import { defineEntity, p } from '@mikro-orm/core';
import { AppClient } from './app-client.entity.js';

/** What a spent `jti` was presented in: a `private_key_jwt` assertion or a DPoP proof. */
export const JTI_PURPOSES = ['client_assertion', 'dpop_proof'] as const;
export type JtiPurpose = (typeof JTI_PURPOSES)[number];

/**
 * Single-use `jti`s, per client and purpose: every `private_key_jwt` assertion accepted
 * (RFC 7523 §3) and every DPoP proof (RFC 9449 §11.1), kept until it could no longer be
 * accepted anyway. The primary key refuses a second use on any instance.
 */
const SpentJtiSchema = defineEntity({
  name: 'SpentJti',
  tableName: 'spent_jti',
  properties: {
    client: () => p.manyToOne(AppClient).primary().deleteRule('cascade'),
    purpose: p.string().length(20).primary(),
    /** SHA-256 of the `jti` (and, for a DPoP proof, its key), so any length or character of it fits. */
    jtiHash: p.string().length(64).primary(),
    expiresAt: p.datetime().index(),
  },
});

export class SpentJti extends SpentJtiSchema.class {}
SpentJtiSchema.setClass(SpentJti);
