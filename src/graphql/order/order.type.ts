import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { type Order, OrderStatus } from '../../modules/order/order.entity.js';

registerEnumType(OrderStatus, { name: 'OrderStatus' });

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
    const { id, reference, status, totalCents, createdAt, updatedAt } = order;
    return Object.assign(new OrderType(), {
      id,
      reference,
      status,
      totalCents,
      customerId: order.customer.id,
      createdAt,
      updatedAt,
    });
  }
}
