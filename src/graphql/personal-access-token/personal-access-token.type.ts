import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { AccessToken } from '../../modules/token/access-token.entity.js';

@ObjectType('PersonalAccessToken', { description: 'A long-lived token of yours: metadata only' })
export class PersonalAccessTokenType {
  @Field(() => ID, { nullable: true })
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string;

  @Field(() => [String], { nullable: true })
  scopes!: string[];

  @Field(() => Boolean, { nullable: true })
  revoked!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  expiresAt!: Date;

  static from(token: AccessToken): PersonalAccessTokenType {
    const { id, revoked, createdAt, expiresAt } = token;
    return Object.assign(new PersonalAccessTokenType(), {
      id,
      name: token.name ?? '',
      scopes: [...token.scopes],
      revoked,
      createdAt,
      expiresAt,
    });
  }
}

@ObjectType('PersonalAccessTokenPayload')
export class PersonalAccessTokenPayload {
  @Field(() => String, { nullable: true, description: 'The Bearer token. Shown only now; it is not stored.' })
  token!: string;

  @Field(() => PersonalAccessTokenType, { nullable: true })
  personalAccessToken!: PersonalAccessTokenType;
}

@InputType('CreatePersonalAccessTokenInput')
export class CreatePersonalAccessTokenInput {
  @Field(() => String)
  name!: string;

  @Field(() => [String], { description: 'Permission names within your current token’s; "*" only from a "*" token' })
  scopes!: string[];

  @Field(() => Int, { nullable: true, description: 'Lifetime in days, 1 to 3650 (default 365)' })
  expiresInDays?: number | null;
}
