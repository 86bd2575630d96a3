import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateCustomerInput')
export class CreateCustomerInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => ID, { nullable: true, description: 'The owning portal user; with customers.create.own, yourself (the default)' })
  ownerId?: string | null;
}

@InputType('UpdateCustomerInput', { description: 'Only the fields given change; email or ownerId null clears it' })
export class UpdateCustomerInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;
}

@InputType('CustomerFilter')
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive part of the name' })
  nameContains?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;
}
