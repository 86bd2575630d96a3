import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { findUser, findUsers } from '../../modules/user/user.repository.js';
import { createUserAccount, deleteUserAccount, updateUserAccount } from '../../modules/user/user-admin.service.js';
import { PermissionType, RoleType } from '../access/role.type.js';
import { type Connection, connectionOf, toConnection } from '../common/connection.js';
import { PageArgs } from '../common/page.args.js';
import { sent } from '../common/plain.js';
import type { GraphQLContext } from '../context.js';
import { permissionsOf, rolesOf } from '../loaders.js';
import { CreateUserInput, UpdateUserInput, UserFilter } from './user.input.js';
import { UserType } from './user.type.js';

export const UserConnection = connectionOf('User', UserType);

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserConnection, { nullable: true, description: 'Needs users.view' })
  async users(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Connection<UserType>> {
    return toConnection(await findUsers(ctx.em, sent(filter), page), UserType.from);
  }

  @Query(() => UserType, { nullable: true, description: 'Needs users.view; null when there is no such user' })
  async user(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<UserType | null> {
    const user = await findUser(ctx.em, id);
    return user ? UserType.from(user) : null;
  }

  @Query(() => UserType, { nullable: true, description: 'The calling user; null for client tokens' })
  async me(@Ctx() ctx: GraphQLContext): Promise<UserType | null> {
    const user = ctx.principal.userId ? await ctx.loaders.user.load(ctx.principal.userId) : null;
    return user ? UserType.from(user) : null;
  }

  @Mutation(() => UserType, { nullable: true, description: 'Needs users.create' })
  async createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: GraphQLContext): Promise<UserType> {
    const { email, phone, password, name } = input;
    const verified = { emailVerified: input.emailVerified ?? undefined, phoneVerified: input.phoneVerified ?? undefined };
    return UserType.from(await createUserAccount(ctx.op, { email, phone, password, name, ...verified }));
  }

  @Mutation(() => UserType, {
    nullable: true,
    description: 'Needs users.update; disabling refuses the user’s tokens from the next request',
  })
  async updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateUserInput) input: UpdateUserInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UserType> {
    return UserType.from(await updateUserAccount(ctx.op, id, sent(input)));
  }

  @Mutation(() => UserType, { nullable: true, description: 'Needs users.delete; the user’s tokens and consents go with it' })
  async deleteUser(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<UserType> {
    return UserType.from(await deleteUserAccount(ctx.op, id));
  }

  @FieldResolver(() => [RoleType], { nullable: true, description: 'Needs users.view or roles.manage, or being this user' })
  async roles(@Root() user: UserType, @Ctx() ctx: GraphQLContext): Promise<RoleType[]> {
    return (await rolesOf(ctx.em, 'user', user.id)).map(RoleType.from);
  }

  @FieldResolver(() => [PermissionType], { nullable: true, description: 'Direct permissions (not those via roles); as roles' })
  async permissions(@Root() user: UserType, @Ctx() ctx: GraphQLContext): Promise<PermissionType[]> {
    return (await permissionsOf(ctx.em, 'user', user.id)).map(PermissionType.from);
  }
}
