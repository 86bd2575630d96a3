import { CustomerResolver } from './customer/customer.resolver.js';
import { InvoiceResolver, OrderInvoicesResolver } from './invoice/invoice.resolver.js';
import { OrderResolver } from './order/order.resolver.js';
import type { GraphResource } from './resource/resource.graph.js';

/**
 * The resolvers of every business resource: the GraphQL side's one registration.
 * Those built by resourceResolver() carry their declaration, from which the rule
 * tree takes their rules.
 */
export const RESOURCE_RESOLVERS = [CustomerResolver, OrderResolver, InvoiceResolver, OrderInvoicesResolver] as const;

/** The declarations behind {@link RESOURCE_RESOLVERS}. */
export const RESOURCE_GRAPHS: GraphResource[] = RESOURCE_RESOLVERS.flatMap((resolver) =>
  'graph' in resolver ? [resolver.graph] : [],
);
