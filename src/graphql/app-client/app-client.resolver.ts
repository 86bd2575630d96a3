import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { InputError } from '../../lib/errors.js';
import type { GrantTypeName, TokenEndpointAuthMethod } from '../../modules/client/app-client.entity.js';
import { findClient, findClients } from '../../modules/client/client.repository.js';
import {
  createAppClient,
  deleteAppClient,
  restoreAppClient,
  revokeAppClientTokens,
  rotateAppClientSecret,
  updateAppClient,
} from '../../modules/client/client-admin.service.js';
import { type Connection, connectionOf, toConnection } from '../common/connection.js';
import { PageArgs } from '../common/page.args.js';
import { sent } from '../common/plain.js';
import type { GraphQLContext } from '../context.js';
import { CreateAppClientInput, UpdateAppClientInput } from './app-client.input.js';
import { AppClientSecretPayload, AppClientType } from './app-client.type.js';

export const AppClientConnection = connectionOf('AppClient', AppClientType);

/** App client administration; every operation needs manage_system. */
@Resolver(() => AppClientType)
export class AppClientResolver {
  @Query(() => AppClientConnection, { nullable: true })
  async appClients(
    @Arg('includeDeleted', () => Boolean, { nullable: true, description: 'Also list soft-deleted clients' }) includeDeleted:
      | boolean
      | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Connection<AppClientType>> {
    return toConnection(await findClients(ctx.em, includeDeleted === true, page), AppClientType.from);
  }

  @Query(() => AppClientType, { nullable: true, description: 'Soft-deleted clients too (see deletedAt)' })
  async appClient(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<AppClientType | null> {
    const client = await findClient(ctx.em, id);
    return client ? AppClientType.from(client) : null;
  }

  @Mutation(() => AppClientSecretPayload, { nullable: true, description: 'The secret is in this payload only' })
  async createAppClient(
    @Arg('input', () => CreateAppClientInput) input: CreateAppClientInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AppClientSecretPayload> {
    const { client, secret } = await createAppClient(ctx.op, {
      name: input.name,
      description: input.description ?? undefined,
      grantTypes: input.grantTypes as string[] as GrantTypeName[],
      redirectUris: input.redirectUris ?? undefined,
      postLogoutRedirectUris: input.postLogoutRedirectUris ?? undefined,
      confidential: input.confidential,
      firstParty: input.firstParty,
      requirePushedAuthorizationRequests: input.requirePushedAuthorizationRequests,
      requireDpop: input.requireDpop,
      tokenEndpointAuthMethod: (input.tokenEndpointAuthMethod ?? undefined) as TokenEndpointAuthMethod | undefined,
      jwks: parseJwks(input.jwks),
      allowedScopes: input.allowedScopes ?? undefined,
      webOrigins: input.webOrigins ?? undefined,
      roles: input.roles,
      permissions: input.permissions,
    });
    return { appClient: AppClientType.from(client), clientSecret: secret };
  }

  @Mutation(() => AppClientType, { nullable: true })
  async updateAppClient(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateAppClientInput) input: UpdateAppClientInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AppClientType> {
    const { grantTypes, jwks, ...fields } = sent(input);
    const changes = {
      ...fields,
      grantTypes: grantTypes as string[] as GrantTypeName[] | null | undefined,
      ...(jwks === undefined ? {} : { jwks: parseJwks(jwks) }),
    };
    return AppClientType.from(await updateAppClient(ctx.op, id, changes));
  }

  @Mutation(() => AppClientSecretPayload, {
    nullable: true,
    description: 'The old secret stops working at once; the new one is shown only here',
  })
  async rotateAppClientSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<AppClientSecretPayload> {
    const { client, secret } = await rotateAppClientSecret(ctx.op, id);
    return { appClient: AppClientType.from(client), clientSecret: secret };
  }

  @Mutation(() => AppClientType, {
    nullable: true,
    description: 'Soft delete; every token of the client is refused from the next request',
  })
  async deleteAppClient(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<AppClientType> {
    return AppClientType.from(await deleteAppClient(ctx.op, id));
  }

  @Mutation(() => AppClientType, { nullable: true, description: 'Undoes a soft delete; the old tokens stay revoked' })
  async restoreAppClient(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<AppClientType> {
    return AppClientType.from(await restoreAppClient(ctx.op, id));
  }

  @Mutation(() => Int, {
    nullable: true,
    description:
      'Revokes one of the client’s tokens (and the refresh tokens issued with it), or all of them without tokenId; how many access tokens stopped',
  })
  async revokeAppClientTokens(
    @Arg('id', () => ID) id: string,
    @Arg('tokenId', () => ID, { nullable: true, description: 'The token’s id (jti); all of them when left out' })
    tokenId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<number> {
    return (await revokeAppClientTokens(ctx.op, id, tokenId ?? null)).length;
  }
}

/** `jwks` travels as JSON text; its shape is the client module's to check. */
function parseJwks(text: string | null | undefined): { keys: { kty: 'RSA' | 'EC' | 'OKP' }[] } | null | undefined {
  if (text === null || text === undefined) return text;
  try {
    return JSON.parse(text) as { keys: { kty: 'RSA' | 'EC' | 'OKP' }[] };
  } catch {
    throw new InputError('input.jwks', 'must be a JSON Web Key Set (JSON text)');
  }
}
