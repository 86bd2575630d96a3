import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listAuthorizedApps, revokeAuthorizedApp } from '../../modules/consent/authorized-apps.service.js';
import { AppClientType } from '../app-client/app-client.type.js';
import { type GraphQLContext, userOf } from '../context.js';
import { AuthorizationType, RevokedAuthorizationType } from './authorization.type.js';

/** The calling user's authorized apps (user tokens only). */
@Resolver(() => AuthorizationType)
export class AuthorizationResolver {
  @Query(() => [AuthorizationType], { nullable: true, description: 'Apps you allowed on the consent screen, most recent first' })
  async myAuthorizations(@Ctx() ctx: GraphQLContext): Promise<AuthorizationType[]> {
    return (await listAuthorizedApps(ctx.em, userOf(ctx))).map(AuthorizationType.from);
  }

  @Mutation(() => RevokedAuthorizationType, {
    nullable: true,
    description: 'Forgets the consent and revokes the app’s tokens for you',
  })
  async revokeAuthorization(
    @Arg('clientId', () => ID) clientId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RevokedAuthorizationType> {
    return Object.assign(new RevokedAuthorizationType(), await revokeAuthorizedApp(ctx.op, userOf(ctx), clientId));
  }

  @FieldResolver(() => AppClientType, { nullable: true })
  async client(@Root() authorization: AuthorizationType, @Ctx() ctx: GraphQLContext): Promise<AppClientType> {
    const client = await ctx.loaders.client.load(authorization.clientId);
    if (!client) throw new Error(`consent for a client that does not exist: ${authorization.clientId}`);
    return AppClientType.from(client);
  }
}
