import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { OrderStatus as StoredStatus } from '../../modules/order/order.entity.js';
import { findOrder, findOrders } from '../../modules/order/order.repository.js';
import { createOrder, deleteOrder, updateOrder } from '../../modules/order/order.service.js';
import { type Connection, connectionOf, toConnection } from '../common/connection.js';
import { PageArgs } from '../common/page.args.js';
import { sent } from '../common/plain.js';
import type { GraphQLContext } from '../context.js';
import { CustomerType } from '../customer/customer.type.js';
import { CreateOrderInput, OrderFilter, UpdateOrderInput } from './order.input.js';
import { OrderType } from './order.type.js';

export const OrderConnection = connectionOf('Order', OrderType);

/** Orders; an order is its customer owner's, and `orders.<action>.own` reaches only those. */
@Resolver(() => OrderType)
export class OrderResolver {
  @Query(() => OrderConnection, { nullable: true, description: 'Needs orders.view or orders.view.own' })
  async orders(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Connection<OrderType>> {
    const { status, customerId } = sent(filter);
    const result = await findOrders(
      ctx.em,
      ctx.scope('orders', 'view'),
      { customerId, status: status as StoredStatus | null },
      page,
    );
    return toConnection(result, OrderType.from);
  }

  @Query(() => OrderType, { nullable: true, description: 'Null when absent or not yours to see' })
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<OrderType | null> {
    const order = await findOrder(ctx.em, ctx.scope('orders', 'view'), id);
    return order ? OrderType.from(order) : null;
  }

  @Mutation(() => OrderType, { nullable: true })
  async createOrder(
    @Arg('input', () => CreateOrderInput) input: CreateOrderInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OrderType> {
    const { customerId, reference, totalCents, status } = input;
    const order = await createOrder(ctx.op, ctx.scope('orders', 'create'), {
      customerId,
      reference,
      totalCents,
      status: status as StoredStatus | null | undefined,
    });
    return OrderType.from(order);
  }

  @Mutation(() => OrderType, { nullable: true })
  async updateOrder(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateOrderInput) input: UpdateOrderInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OrderType> {
    const { status, ...fields } = sent(input);
    const order = await updateOrder(ctx.op, ctx.scope('orders', 'update'), id, {
      ...fields,
      status: status as StoredStatus | undefined,
    });
    return OrderType.from(order);
  }

  @Mutation(() => OrderType, { nullable: true })
  async deleteOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<OrderType> {
    return OrderType.from(await deleteOrder(ctx.op, ctx.scope('orders', 'delete'), id));
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null when the customer is not yours to see' })
  async customer(@Root() order: OrderType, @Ctx() ctx: GraphQLContext): Promise<CustomerType | null> {
    const customer = await ctx.loaders.customer.load(order.customerId);
    return customer ? CustomerType.from(customer) : null;
  }
}
