import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { Order } from '../../modules/order/order.entity.js';
import { OrderStatus } from '../common/enums.js';

/** An order; `customer` is resolved by OrderResolver. */
@ObjectType('Order')
export class OrderType {
  @Field(() => ID, { nullable: true })
  id!: string;

  @Field(() => String, { nullable: true })
  reference!: string;

  @Field(() => OrderStatus, { nullable: true })
  status!: OrderStatus;

  @Field(() => Int, { nullable: true })
  totalCents!: number;

  @Field(() => ID, { nullable: true })
  customerId!: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date;

  static from(order: Order): OrderType {
    const { id, reference, totalCents, createdAt, updatedAt } = order;
    return Object.assign(new OrderType(), {
      id,
      reference,
      status: order.status as OrderStatus,
      totalCents,
      customerId: order.customer.id,
      createdAt,
      updatedAt,
    });
  }
}
