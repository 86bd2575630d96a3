import { Field, ID, ObjectType } from 'type-graphql';
import { SubjectType } from '../common/enums.js';

/** A subject after a change of its roles or permissions; `roles`/`permissions` resolved by SubjectAccessResolver. */
@ObjectType('SubjectAccess')
export class SubjectAccessType {
  @Field(() => SubjectType)
  type!: SubjectType;

  @Field(() => ID)
  id!: string;
}
