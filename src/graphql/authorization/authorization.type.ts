import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { Consent } from '../../modules/consent/consent.entity.js';

/** An app the user authorized on the consent screen; `client` is resolved by AuthorizationResolver. */
@ObjectType('Authorization')
export class AuthorizationType {
  @Field(() => ID)
  clientId!: string;

  @Field(() => [String], { description: 'The scopes the user allowed' })
  scopes!: string[];

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
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
  @Field(() => ID)
  clientId!: string;

  @Field(() => Int, { description: 'Access tokens of yours the app held, now refused' })
  revokedTokens!: number;
}
