import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { AppClientType } from '../app-client/app-client.type.js';
import type { GraphQLContext } from '../context.js';
import { UserType } from '../user/user.type.js';
import { ViewerType } from './viewer.type.js';

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Query(() => ViewerType, { description: 'Who is calling, with this request’s effective permissions. Always allowed' })
  viewer(@Ctx() ctx: GraphQLContext): ViewerType {
    return ViewerType.from(ctx.principal);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Null for client tokens' })
  async user(@Root() viewer: ViewerType, @Ctx() ctx: GraphQLContext): Promise<UserType | null> {
    const user = viewer.userId ? await ctx.loaders.user.load(viewer.userId) : null;
    return user ? UserType.from(user) : null;
  }

  @FieldResolver(() => AppClientType, { description: 'The client the token was issued to' })
  async client(@Root() viewer: ViewerType, @Ctx() ctx: GraphQLContext): Promise<AppClientType> {
    const client = await ctx.loaders.client.load(viewer.clientId);
    // The authenticator refuses tokens of deleted clients, so the row exists.
    if (!client) throw new Error(`the calling client ${viewer.clientId} was not found`);
    return AppClientType.from(client);
  }
}
