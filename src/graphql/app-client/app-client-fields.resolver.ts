import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { findClientTokens } from '../../modules/client/client.repository.js';
import { PermissionType, RoleType } from '../access/role.type.js';
import { type Connection, connectionOf, toConnection } from '../common/connection.js';
import { PageArgs } from '../common/page.args.js';
import type { GraphQLContext } from '../context.js';
import { permissionsOf, rolesOf } from '../loaders.js';
import { UserType } from '../user/user.type.js';
import { AppClientType, TokenMetadataType } from './app-client.type.js';

export const TokenMetadataConnection = connectionOf('TokenMetadata', TokenMetadataType);

@Resolver(() => AppClientType)
export class AppClientFieldsResolver {
  @FieldResolver(() => [RoleType], {
    nullable: true,
    description: 'The client’s own roles (for client credentials tokens); needs manage_system',
  })
  async roles(@Root() client: AppClientType, @Ctx() ctx: GraphQLContext): Promise<RoleType[]> {
    return (await rolesOf(ctx.em, 'client', client.id)).map(RoleType.from);
  }

  @FieldResolver(() => [PermissionType], {
    nullable: true,
    description: 'The client’s own direct permissions; needs manage_system',
  })
  async permissions(@Root() client: AppClientType, @Ctx() ctx: GraphQLContext): Promise<PermissionType[]> {
    return (await permissionsOf(ctx.em, 'client', client.id)).map(PermissionType.from);
  }

  @FieldResolver(() => TokenMetadataConnection, {
    nullable: true,
    description: 'Tokens issued to the client, newest first; live ones unless includeInactive',
  })
  async tokens(
    @Root() client: AppClientType,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('includeInactive', () => Boolean, { nullable: true }) includeInactive: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Connection<TokenMetadataType>> {
    return toConnection(await findClientTokens(ctx.em, client.id, includeInactive === true, page), TokenMetadataType.from);
  }
}

@Resolver(() => TokenMetadataType)
export class TokenMetadataResolver {
  @FieldResolver(() => UserType, { nullable: true, description: 'The user of a user token' })
  async user(@Root() token: TokenMetadataType, @Ctx() ctx: GraphQLContext): Promise<UserType | null> {
    const user = token.userId ? await ctx.loaders.user.load(token.userId) : null;
    return user ? UserType.from(user) : null;
  }
}
