import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { invoices } from '../../modules/invoice/invoice.resource.js';
import { orders } from '../../modules/order/order.resource.js';
import type { GraphQLContext } from '../context.js';
import { OrderType } from '../order/order.type.js';
import { canOnRows } from '../permissions/rules.js';
import { graphResource } from '../resource/resource.graph.js';
import { resourceResolver } from '../resource/resource.resolver.js';
import { CreateInvoiceInput, InvoiceFilter, UpdateInvoiceInput } from './invoice.input.js';
import { InvoiceType } from './invoice.type.js';

export const invoiceGraph = graphResource({
  resource: invoices,
  typeName: 'Invoice',
  node: InvoiceType,
  inputs: { create: CreateInvoiceInput, update: UpdateInvoiceInput, filter: InvoiceFilter },
  fields: ['id', 'number', 'status', 'amountCents', 'dueDate', 'orderId', 'createdAt', 'updatedAt'],
  rules: {
    Invoice: { order: canOnRows('orders', 'view') },
    Order: { invoices: canOnRows('invoices', 'view') },
  },
});

/** Invoices; an invoice is its order's customer owner's, and `invoices.<action>.own` reaches only those. */
@Resolver(() => InvoiceType)
export class InvoiceResolver extends resourceResolver(invoiceGraph) {
  @FieldResolver(() => OrderType, { nullable: true, description: 'Null when the order is not yours to see' })
  async order(@Root() invoice: InvoiceType, @Ctx() ctx: GraphQLContext): Promise<OrderType | null> {
    const order = await ctx.loaders.row(orders).load(invoice.orderId);
    return order ? OrderType.from(order) : null;
  }
}

/** `Order.invoices`: the order's invoices the caller may see, oldest first, batch-loaded for a whole page of orders. */
@Resolver(() => OrderType)
export class OrderInvoicesResolver {
  @FieldResolver(() => [InvoiceType], { nullable: true, description: 'Needs invoices.view or invoices.view.own' })
  async invoices(@Root() order: OrderType, @Ctx() ctx: GraphQLContext): Promise<InvoiceType[]> {
    const rows = await ctx.loaders.rowsBy(invoices, 'orderId').load(order.id);
    return rows.map((row) => InvoiceType.from(row));
  }
}
