import { Field, InputType } from 'type-graphql';

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field(() => String)
  email!: string;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +46701234567' })
  phone?: string | null;

  @Field(() => String, { description: 'At least 8 characters; stored as an argon2id hash' })
  password!: string;

  @Field(() => String, { nullable: true, description: 'Display name (the OpenID Connect name claim)' })
  name?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the email is known to be the user’s; default false' })
  emailVerified?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the phone is known to be the user’s; default false' })
  phoneVerified?: boolean | null;
}

@InputType('UpdateUserInput', { description: 'Only the fields given change; phone: null clears it' })
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  email?: string;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  password?: string;

  @Field(() => Boolean, { nullable: true })
  disabled?: boolean;

  @Field(() => String, { nullable: true, description: 'null clears it' })
  name?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A changed email is unverified unless set here too' })
  emailVerified?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'A changed phone is unverified unless set here too' })
  phoneVerified?: boolean;
}

@InputType('UserFilter')
export class UserFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the email' })
  emailContains?: string | null;

  @Field(() => Boolean, { nullable: true })
  disabled?: boolean | null;
}
