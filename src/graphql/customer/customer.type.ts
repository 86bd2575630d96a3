import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import type { customers } from '../../modules/customer/customer.resource.js';
import type { RowOfResource } from '../../modules/resource/resource.js';

/** A customer; `owner` is resolved by CustomerResolver. */
@ObjectType('Customer')
export class CustomerType {
  @Field(() => ID, { nullable: true })
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => ID, { nullable: true, description: 'The portal user who owns this customer and its orders' })
  ownerId!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date;

  static from(customer: RowOfResource<typeof customers>): CustomerType {
    const { id, name, email, ownerId, createdAt, updatedAt } = customer;
    return Object.assign(new CustomerType(), { id, name, email, ownerId, createdAt, updatedAt });
  }
}
