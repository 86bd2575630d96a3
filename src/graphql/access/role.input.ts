import { Field, ID, InputType } from 'type-graphql';
import { SubjectType } from '../common/enums.js';

@InputType('CreateRoleInput')
export class CreateRoleInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'Permission names' })
  permissions?: string[] | null;
}

@InputType('UpdateRoleInput', { description: 'Only the fields given change; permissions replaces the whole set' })
export class UpdateRoleInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true })
  permissions?: string[];
}

@InputType('SubjectInput', { description: 'A user or an app client' })
export class SubjectInput {
  @Field(() => SubjectType)
  type!: SubjectType;

  @Field(() => ID)
  id!: string;
}
