import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AccessToken } from '../../modules/token/access-token.entity.js';
import {
  findPersonalAccessToken,
  listPersonalAccessTokens,
  PERSONAL_ACCESS_GRANT,
  preparePersonalToken,
} from '../../modules/token/personal-access-token.service.js';
import { type GraphQLContext, userOf } from '../context.js';
import {
  CreatePersonalAccessTokenInput,
  PersonalAccessTokenPayload,
  PersonalAccessTokenType,
} from './personal-access-token.type.js';

/** Personal access tokens of the calling user (user tokens only). */
@Resolver(() => PersonalAccessTokenType)
export class PersonalAccessTokenResolver {
  @Query(() => [PersonalAccessTokenType], { nullable: true, description: 'Your live personal access tokens, newest first' })
  async myPersonalAccessTokens(@Ctx() ctx: GraphQLContext): Promise<PersonalAccessTokenType[]> {
    return (await listPersonalAccessTokens(ctx.em, userOf(ctx))).map(PersonalAccessTokenType.from);
  }

  @Mutation(() => PersonalAccessTokenPayload, {
    nullable: true,
    description: 'Issued by the personal access client; needs a first-party token',
  })
  async createPersonalAccessToken(
    @Arg('input', () => CreatePersonalAccessTokenInput) input: CreatePersonalAccessTokenInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PersonalAccessTokenPayload> {
    const { principal } = ctx;
    const request = await preparePersonalToken(
      ctx.em,
      { userId: userOf(ctx), clientId: principal.clientId, scopes: principal.scopes, permissions: principal.permissions },
      { name: input.name, scopes: input.scopes, expiresInDays: input.expiresInDays },
    );
    const issued = await ctx.services.tokens.issue(ctx.em, {
      client: { id: request.clientId },
      userId: request.userId,
      scopes: request.scopes,
      grantType: PERSONAL_ACCESS_GRANT,
      name: request.name,
      ttlSeconds: request.ttlSeconds,
      ip: ctx.op.actor.ip,
    });
    const record = await ctx.em.findOneOrFail(AccessToken, { id: issued.accessTokenId }, { filters: false });
    return { token: issued.response.access_token, personalAccessToken: PersonalAccessTokenType.from(record) };
  }

  @Mutation(() => PersonalAccessTokenType, { nullable: true, description: 'Refused from the next request on' })
  async revokePersonalAccessToken(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PersonalAccessTokenType> {
    const userId = userOf(ctx);
    const token = await findPersonalAccessToken(ctx.em, userId, id);
    await ctx.services.revoker.revokeAccessToken(ctx.em, token.id, {
      actor: { type: 'user', id: userId },
      ip: ctx.op.actor.ip,
      reason: 'personal_access_token_revoked',
    });
    return Object.assign(PersonalAccessTokenType.from(token), { revoked: true });
  }
}
