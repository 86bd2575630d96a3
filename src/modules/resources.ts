import { customers } from './customer/customer.resource.js';
import { invoices } from './invoice/invoice.resource.js';
import { orders } from './order/order.resource.js';

/**
 * Every business resource: the one place one is registered. The permission catalogue
 * and the ORM's entity list follow from this list (the GraphQL side registers its
 * resolver in graphql/resources.ts).
 */
export const RESOURCES = [customers, orders, invoices] as const;

export type ResourceName = (typeof RESOURCES)[number]['name'];
