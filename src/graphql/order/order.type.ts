import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { Order } from '../../modules/order/order.entity.js';
import { OrderStatus } from '../common/enums.js';

/** An order; `customer` is resolved by OrderResolver. */
@ObjectType('Order')
export class OrderType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  reference!: string;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => Int)
  totalCents!: number;

  @Field(() => ID)
  customerId!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
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
