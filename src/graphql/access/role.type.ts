import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import type { Permission } from '../../modules/access/permission.entity.js';
import type { Role } from '../../modules/access/role.entity.js';

@ObjectType('Permission', { description: 'A named permission of the catalogue; also a scope name' })
export class PermissionType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  static from(permission: Permission): PermissionType {
    return Object.assign(new PermissionType(), { id: permission.id, name: permission.name, description: permission.description });
  }
}

/** `permissions` is resolved by RoleFieldsResolver. */
@ObjectType('Role', { description: 'A named bundle of permissions' })
export class RoleType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  static from(role: Role): RoleType {
    const { id, name, description, createdAt, updatedAt } = role;
    return Object.assign(new RoleType(), { id, name, description, createdAt, updatedAt });
  }
}
