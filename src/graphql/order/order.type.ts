import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrderStatus } from '../../modules/order/order.entity.js';
import type { orders } from '../../modules/order/order.resource.js';
import type { RowOfResource } from '../../modules/resource/resource.js';

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

  static from(order: RowOfResource<typeof orders>): OrderType {
    const { id, reference, status, totalCents, customerId, createdAt, updatedAt } = order;
    return Object.assign(new OrderType(), { id, reference, status, totalCents, customerId, createdAt, updatedAt });
  }
}
