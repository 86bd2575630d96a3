import { Field, GraphQLISODateTime, InputType } from 'type-graphql';

@InputType('AuditEventFilter', { description: 'Exact matches, and a time window [since, until)' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true })
  action?: string | null;

  @Field(() => String, { nullable: true })
  actorId?: string | null;

  @Field(() => String, { nullable: true })
  targetId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Events by, about or for this app client: its actor, its target, or the client a token event is for',
  })
  clientId?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  since?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  until?: Date | null;
}
