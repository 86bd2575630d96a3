import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

/** A security event. Actor and target are free-form ids so events outlive their subjects. */
const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    action: p.string().length(64).index(),
    actorType: p.string().length(16).nullable(),
    actorId: p.string().length(64).nullable().index(),
    targetType: p.string().length(32).nullable(),
    targetId: p.string().length(64).nullable().index(),
    ip: p.string().length(64).nullable(),
    details: p.json<Record<string, unknown>>().default('{}'),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
  },
  // The app client a token event is for (`details.clientId`): the audit log's client filter.
  indexes: [
    {
      name: 'audit_event_details_client_id_index',
      expression: `create index "audit_event_details_client_id_index" on "audit_event" (("details"->>'clientId'))`,
    },
  ],
});

export class AuditEvent extends AuditEventSchema.class {}
AuditEventSchema.setClass(AuditEvent);
