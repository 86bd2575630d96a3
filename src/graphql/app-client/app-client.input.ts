import { Field, InputType } from 'type-graphql';
import { GrantType } from '../common/enums.js';

@InputType('CreateAppClientInput')
export class CreateAppClientInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [GrantType])
  grantTypes!: GrantType[];

  @Field(() => [String], {
    nullable: true,
    description: 'Required for AUTHORIZATION_CODE; absolute, no fragment, matched exactly',
  })
  redirectUris?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Where OpenID Connect logout may return the browser (post_logout_redirect_uri); validated like redirectUris, matched exactly',
  })
  postLogoutRedirectUris?: string[] | null;

  @Field(() => Boolean, { defaultValue: true })
  confidential!: boolean;

  @Field(() => Boolean, { defaultValue: false })
  firstParty!: boolean;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Accept authorization requests only by request_uri from POST /oauth/par (RFC 9126)',
  })
  requirePushedAuthorizationRequests!: boolean;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Issue tokens only for requests with a DPoP proof, so every access token is sender-constrained (RFC 9449)',
  })
  requireDpop!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'client_secret_basic (default when confidential), private_key_jwt (needs jwks; no secret) or none (public)',
  })
  tokenEndpointAuthMethod?: string | null;

  @Field(() => String, { nullable: true, description: 'Public keys for private_key_jwt: a JWK Set as JSON text' })
  jwks?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Permission names user tokens of this client may carry ("*" for first-party)',
  })
  allowedScopes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Browser origins (scheme://host[:port]) allowed to call the API as this client; default: the redirect URIs’ origins',
  })
  webOrigins?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Roles of the client itself (client credentials tokens)' })
  roles?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Direct permissions of the client itself' })
  permissions?: string[] | null;
}

@InputType('UpdateAppClientInput', { description: 'Only the fields given change' })
export class UpdateAppClientInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [GrantType], { nullable: true })
  grantTypes?: GrantType[] | null;

  @Field(() => [String], { nullable: true })
  redirectUris?: string[] | null;

  @Field(() => [String], { nullable: true })
  postLogoutRedirectUris?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  firstParty?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  requirePushedAuthorizationRequests?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  requireDpop?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Replaces the public keys (a JWK Set as JSON text)' })
  jwks?: string | null;

  @Field(() => [String], { nullable: true })
  allowedScopes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Replaces the web origins; left out, origins still at their default follow the redirect URIs',
  })
  webOrigins?: string[] | null;
}
