import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { Consent } from '../../modules/consent/consent.entity.js';

/** An app the user authorized on the consent screen; `client` is resolved by AuthorizationResolver. */
@ObjectType('Authorization')
export class AuthorizationType {
  @Field(() => ID, { nullable: true })
  clientId!: string;

  @Field(() => [String], { nullable: true, description: 'The scopes the user allowed' })
  scopes!: string[];

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date;

  static from(consent: Consent): AuthorizationType {
    return Object.assign(new AuthorizationType(), {
      clientId: consent.client.id,
      scopes: [...consent.scopes],
      createdAt: consent.createdAt,
      updatedAt: consent.updatedAt,
    });
  }
}

@ObjectType('RevokedAuthorization')
export class RevokedAuthorizationType {
  @Field(() => ID, { nullable: true })
  clientId!: string;

  @Field(() => Int, { nullable: true, description: 'Access tokens of yours the app held, now refused' })
  revokedTokens!: number;
}
