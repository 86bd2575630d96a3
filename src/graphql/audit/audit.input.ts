import { Field, GraphQLISODateTime, InputType } from 'type-graphql';

@InputType('AuditEventFilter', { description: 'Exact matches, and a time window [since, until)' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true })
  action?: string | null;

  @Field(() => String, { nullable: true })
  actorId?: string | null;

  @Field(() => String, { nullable: true })
  targetId?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  since?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  until?: Date | null;
}
