import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import type { User } from '../../modules/user/user.entity.js';

/** A user account. `roles` and `permissions` (direct) are resolved by UserFieldsResolver. */
@ObjectType('User')
export class UserType {
  @Field(() => ID, { nullable: true })
  id!: string;

  @Field(() => String, { nullable: true })
  email!: string;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A disabled user cannot log in and its tokens are refused' })
  disabled!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date;

  static from(user: User): UserType {
    const { id, email, phone, disabled, createdAt, updatedAt } = user;
    return Object.assign(new UserType(), { id, email, phone: phone ?? null, disabled, createdAt, updatedAt });
  }
}
