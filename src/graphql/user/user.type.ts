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

  @Field(() => String, { nullable: true, description: 'Display name (the OpenID Connect name claim)' })
  name!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Set by administrators; the email_verified claim' })
  emailVerified!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Set by administrators; the phone_number_verified claim' })
  phoneVerified!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'A disabled user cannot log in and its tokens are refused' })
  disabled!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date;

  static from(user: User): UserType {
    const { id, email, phone, disabled, emailVerified, phoneVerified, createdAt, updatedAt } = user;
    const name = user.name ?? null;
    return Object.assign(new UserType(), {
      id,
      email,
      phone: phone ?? null,
      name,
      emailVerified,
      phoneVerified,
      disabled,
      createdAt,
      updatedAt,
    });
  }
}
