import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import type { Customer } from '../../modules/customer/customer.entity.js';

/** A customer; `owner` is resolved by CustomerResolver. */
@ObjectType('Customer')
export class CustomerType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => ID, { nullable: true, description: 'The portal user who owns this customer and its orders' })
  ownerId!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;

  static from(customer: Customer): CustomerType {
    const { id, name, createdAt, updatedAt } = customer;
    return Object.assign(new CustomerType(), {
      id,
      name,
      email: customer.email ?? null,
      ownerId: customer.owner ? customer.owner.id : null,
      createdAt,
      updatedAt,
    });
  }
}
