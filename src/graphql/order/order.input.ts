import { Field, ID, InputType, Int } from 'type-graphql';
import { OrderStatus } from '../../modules/order/order.entity.js';

@InputType('CreateOrderInput')
export class CreateOrderInput {
  @Field(() => ID, { description: 'With orders.create.own, one of your own customers' })
  customerId!: string;

  @Field(() => String, { description: 'Unique across all orders' })
  reference!: string;

  @Field(() => Int)
  totalCents!: number;

  @Field(() => OrderStatus, { nullable: true, description: 'PENDING when not given' })
  status?: OrderStatus | null;
}

@InputType('UpdateOrderInput', { description: 'Only the fields given change' })
export class UpdateOrderInput {
  @Field(() => String, { nullable: true })
  reference?: string;

  @Field(() => Int, { nullable: true })
  totalCents?: number;

  @Field(() => OrderStatus, { nullable: true })
  status?: OrderStatus;
}

@InputType('OrderFilter')
export class OrderFilter {
  @Field(() => ID, { nullable: true })
  customerId?: string | null;

  @Field(() => OrderStatus, { nullable: true })
  status?: OrderStatus | null;
}
