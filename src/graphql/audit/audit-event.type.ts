import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import type { AuditEvent } from '../../modules/audit/audit-event.entity.js';

@ObjectType('AuditEvent', { description: 'A security event: who did what to what, from where' })
export class AuditEventType {
  @Field(() => ID, { nullable: true })
  id!: string;

  @Field(() => String, { nullable: true, description: 'e.g. client.created, client.secret_rotated, token.issued, login.failed' })
  action!: string;

  @Field(() => String, { nullable: true })
  actorType!: string | null;

  @Field(() => String, { nullable: true })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  targetType!: string | null;

  @Field(() => String, { nullable: true })
  targetId!: string | null;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Never holds a secret, token or password' })
  details!: Record<string, unknown>;

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  static from(event: AuditEvent): AuditEventType {
    return Object.assign(new AuditEventType(), {
      id: event.id,
      action: event.action,
      actorType: event.actorType ?? null,
      actorId: event.actorId ?? null,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      ip: event.ip ?? null,
      details: event.details ?? {},
      createdAt: event.createdAt,
    });
  }
}
