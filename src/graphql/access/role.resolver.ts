import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { listPermissions, listRoles } from '../../modules/access/role.repository.js';
import { createRole, deleteRole, updateRole } from '../../modules/access/role.service.js';
import { sent } from '../common/plain.js';
import type { GraphQLContext } from '../context.js';
import { permissionsOf } from '../loaders.js';
import { CreateRoleInput, UpdateRoleInput } from './role.input.js';
import { PermissionType, RoleType } from './role.type.js';

/** Roles and the permission catalogue; reading needs roles.manage or manage_system, changing roles.manage. */
@Resolver(() => RoleType)
export class RoleResolver {
  @Query(() => [RoleType], { nullable: true })
  async roles(@Ctx() ctx: GraphQLContext): Promise<RoleType[]> {
    return (await listRoles(ctx.em)).map(RoleType.from);
  }

  @Query(() => [PermissionType], { nullable: true, description: 'The permission catalogue' })
  async permissions(@Ctx() ctx: GraphQLContext): Promise<PermissionType[]> {
    return (await listPermissions(ctx.em)).map(PermissionType.from);
  }

  @Mutation(() => RoleType, { nullable: true })
  async createRole(@Arg('input', () => CreateRoleInput) input: CreateRoleInput, @Ctx() ctx: GraphQLContext): Promise<RoleType> {
    return RoleType.from(await createRole(ctx.op, { ...sent(input), name: input.name }));
  }

  @Mutation(() => RoleType, {
    nullable: true,
    description: 'Takes effect on the next request of every token whose subject holds the role',
  })
  async updateRole(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateRoleInput) input: UpdateRoleInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RoleType> {
    return RoleType.from(await updateRole(ctx.op, id, sent(input)));
  }

  @Mutation(() => RoleType, { nullable: true, description: 'The built-in admin role cannot be deleted' })
  async deleteRole(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<RoleType> {
    return RoleType.from(await deleteRole(ctx.op, id));
  }
}

@Resolver(() => RoleType)
export class RoleFieldsResolver {
  @FieldResolver(() => [PermissionType])
  async permissions(@Root() role: RoleType, @Ctx() ctx: GraphQLContext): Promise<PermissionType[]> {
    return (await permissionsOf(ctx.em, 'role', role.id)).map(PermissionType.from);
  }
}
