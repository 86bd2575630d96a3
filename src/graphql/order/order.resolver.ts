import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { customers } from '../../modules/customer/customer.resource.js';
import { orders } from '../../modules/order/order.resource.js';
import type { GraphQLContext } from '../context.js';
import { CustomerType } from '../customer/customer.type.js';
import { canOnRows } from '../permissions/rules.js';
import { graphResource } from '../resource/resource.graph.js';
import { resourceResolver } from '../resource/resource.resolver.js';
import { CreateOrderInput, OrderFilter, UpdateOrderInput } from './order.input.js';
import { OrderType } from './order.type.js';

export const orderGraph = graphResource({
  resource: orders,
  typeName: 'Order',
  node: OrderType,
  inputs: { create: CreateOrderInput, update: UpdateOrderInput, filter: OrderFilter },
  fields: ['id', 'reference', 'status', 'totalCents', 'customerId', 'createdAt', 'updatedAt'],
  rules: { Order: { customer: canOnRows('customers', 'view') } },
});

/** Orders; an order is its customer owner's, and `orders.<action>.own` reaches only those. */
@Resolver(() => OrderType)
export class OrderResolver extends resourceResolver(orderGraph) {
  @FieldResolver(() => CustomerType, { nullable: true, description: 'Null when the customer is not yours to see' })
  async customer(@Root() order: OrderType, @Ctx() ctx: GraphQLContext): Promise<CustomerType | null> {
    const customer = await ctx.loaders.row(customers).load(order.customerId);
    return customer ? CustomerType.from(customer) : null;
  }
}
