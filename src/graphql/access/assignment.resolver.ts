import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { type AssignmentChange, changeAssignment } from '../../modules/access/assignment.service.js';
import type { GraphQLContext } from '../context.js';
import { permissionsOf, rolesOf } from '../loaders.js';
import { SubjectInput } from './role.input.js';
import { PermissionType, RoleType } from './role.type.js';
import { SubjectAccessType } from './subject-access.type.js';

/**
 * Roles and direct permissions of users and app clients. A client subject needs
 * manage_system, a user subject roles.manage (shield reads `subject.type`).
 */
@Resolver(() => SubjectAccessType)
export class AssignmentResolver {
  @Mutation(() => SubjectAccessType, { nullable: true })
  assignRole(
    @Arg('subject', () => SubjectInput) subject: SubjectInput,
    @Arg('role', () => String) role: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SubjectAccessType> {
    return change(ctx, subject, 'assignRole', role);
  }

  @Mutation(() => SubjectAccessType, { nullable: true })
  removeRole(
    @Arg('subject', () => SubjectInput) subject: SubjectInput,
    @Arg('role', () => String) role: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SubjectAccessType> {
    return change(ctx, subject, 'removeRole', role);
  }

  @Mutation(() => SubjectAccessType, { nullable: true })
  givePermission(
    @Arg('subject', () => SubjectInput) subject: SubjectInput,
    @Arg('permission', () => String) permission: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SubjectAccessType> {
    return change(ctx, subject, 'givePermission', permission);
  }

  @Mutation(() => SubjectAccessType, { nullable: true })
  revokePermission(
    @Arg('subject', () => SubjectInput) subject: SubjectInput,
    @Arg('permission', () => String) permission: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SubjectAccessType> {
    return change(ctx, subject, 'revokePermission', permission);
  }

  @FieldResolver(() => [RoleType])
  async roles(@Root() subject: SubjectAccessType, @Ctx() ctx: GraphQLContext): Promise<RoleType[]> {
    return (await rolesOf(ctx.em, subject.type, subject.id)).map(RoleType.from);
  }

  @FieldResolver(() => [PermissionType], { description: 'Direct permissions' })
  async permissions(@Root() subject: SubjectAccessType, @Ctx() ctx: GraphQLContext): Promise<PermissionType[]> {
    return (await permissionsOf(ctx.em, subject.type, subject.id)).map(PermissionType.from);
  }
}

async function change(
  ctx: GraphQLContext,
  subject: SubjectInput,
  kind: AssignmentChange,
  name: string,
): Promise<SubjectAccessType> {
  const ref = { type: subject.type, id: subject.id } as const;
  await changeAssignment(ctx.op, { type: ref.type === 'user' ? 'user' : 'client', id: ref.id }, kind, name);
  return Object.assign(new SubjectAccessType(), ref);
}
