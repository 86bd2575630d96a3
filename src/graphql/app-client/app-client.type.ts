import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import type { AppClient } from '../../modules/client/app-client.entity.js';
import type { AccessToken } from '../../modules/token/access-token.entity.js';
import { GrantType } from '../common/enums.js';

/**
 * An app client (OAuth 2.0 client). `roles`, `permissions` and `tokens` are resolved
 * by AppClientFieldsResolver. The secret hash never leaves the entity. Fields that
 * only administrators (or the client itself) may read are nullable, so a denied one
 * does not wipe out the rest of the object.
 */
@ObjectType('AppClient')
export class AppClientType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [GrantType], { nullable: true })
  grantTypes!: GrantType[];

  @Field(() => [String], { nullable: true, description: 'Null unless you hold manage_system or are this client' })
  redirectUris!: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Registered post_logout_redirect_uri values; null unless you hold manage_system or are this client',
  })
  postLogoutRedirectUris!: string[];

  @Field(() => Boolean, { nullable: true, description: 'Confidential clients authenticate with a secret; public ones use PKCE' })
  confidential!: boolean;

  @Field(() => Boolean, { description: 'First-party clients skip the consent screen and may be granted "*"' })
  firstParty!: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Authorization requests only by request_uri from POST /oauth/par (RFC 9126)',
  })
  requirePushedAuthorizationRequests!: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Tokens only for requests with a DPoP proof: every access token it gets is DPoP-bound (RFC 9449)',
  })
  requireDpop!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'client_secret_basic (or _post), private_key_jwt (RFC 7523) or none (public clients)',
  })
  tokenEndpointAuthMethod!: string;

  @Field(() => String, { nullable: true, description: 'The public keys of a private_key_jwt client: a JWK Set as JSON' })
  jwks!: string | null;

  @Field(() => [String], { nullable: true, description: 'Null unless you hold manage_system or are this client' })
  allowedScopes!: string[];

  @Field(() => [String], {
    nullable: true,
    description:
      'Origins whose browser scripts may call the API as this client (CORS). Null unless you hold manage_system or are this client',
  })
  webOrigins!: string[];

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  deletedAt!: Date | null;

  static from(client: AppClient): AppClientType {
    const { id, name, description, redirectUris, confidential, firstParty, allowedScopes, createdAt, updatedAt } = client;
    return Object.assign(new AppClientType(), {
      id,
      name,
      description,
      grantTypes: [...client.grantTypes] as string[] as GrantType[],
      redirectUris: [...redirectUris],
      postLogoutRedirectUris: [...client.postLogoutRedirectUris],
      confidential,
      firstParty,
      requirePushedAuthorizationRequests: client.requirePushedAuthorizationRequests,
      requireDpop: client.requireDpop,
      tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
      jwks: client.jwks ? JSON.stringify(client.jwks) : null,
      allowedScopes: [...allowedScopes],
      webOrigins: [...client.webOrigins],
      createdAt,
      updatedAt,
      lastUsedAt: client.lastUsedAt ?? null,
      deletedAt: client.deletedAt ?? null,
    });
  }
}

@ObjectType('AppClientSecretPayload', { description: 'The client with its secret, shown this once' })
export class AppClientSecretPayload {
  @Field(() => AppClientType, { nullable: true })
  appClient!: AppClientType;

  @Field(() => String, { nullable: true, description: 'Null for public clients. Never retrievable again.' })
  clientSecret!: string | null;
}

/** An issued access token's record: metadata, never the token. `user` is resolved by TokenMetadataResolver. */
@ObjectType('TokenMetadata')
export class TokenMetadataType {
  @Field(() => ID, { nullable: true, description: 'The token’s jti' })
  id!: string;

  @Field(() => String, { nullable: true })
  grantType!: string;

  @Field(() => String, { nullable: true, description: 'Name of a personal access token' })
  name!: string | null;

  @Field(() => [String], { nullable: true })
  scopes!: string[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Issued without a scope: acts with all of its subject’s permissions as they are at each request',
  })
  defaultScope!: boolean;

  @Field(() => ID, { nullable: true })
  userId!: string | null;

  @Field(() => Boolean, { nullable: true })
  revoked!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  expiresAt!: Date;

  static from(token: AccessToken): TokenMetadataType {
    const { id, grantType, name, scopes, defaultScope, revoked, createdAt, expiresAt } = token;
    return Object.assign(new TokenMetadataType(), {
      id,
      grantType,
      name: name ?? null,
      scopes: [...scopes],
      defaultScope,
      userId: token.user ? token.user.id : null,
      revoked,
      createdAt,
      expiresAt,
    });
  }
}
