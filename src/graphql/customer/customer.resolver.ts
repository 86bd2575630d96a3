import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { customers } from '../../modules/customer/customer.resource.js';
import type { GraphQLContext } from '../context.js';
import { can, or, ownsCustomer } from '../permissions/rules.js';
import { graphResource } from '../resource/resource.graph.js';
import { resourceResolver } from '../resource/resource.resolver.js';
import { UserType } from '../user/user.type.js';
import { CreateCustomerInput, CustomerFilter, UpdateCustomerInput } from './customer.input.js';
import { CustomerType } from './customer.type.js';

export const customerGraph = graphResource({
  resource: customers,
  typeName: 'Customer',
  node: CustomerType,
  inputs: { create: CreateCustomerInput, update: UpdateCustomerInput, filter: CustomerFilter },
  fields: ['id', 'name', 'email', 'ownerId', 'createdAt', 'updatedAt'],
  rules: { Customer: { owner: or(can('users.view'), ownsCustomer) } },
  deleteDescription: 'Its orders are deleted with it',
});

/**
 * Customers. `customers.<action>` covers every row, `customers.<action>.own` the
 * caller's own: other rows are filtered out in SQL, so they are simply not there.
 */
@Resolver(() => CustomerType)
export class CustomerResolver extends resourceResolver(customerGraph) {
  @FieldResolver(() => UserType, { nullable: true, description: 'Needs users.view, or being the owner' })
  async owner(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext): Promise<UserType | null> {
    const user = customer.ownerId ? await ctx.loaders.user.load(customer.ownerId) : null;
    return user ? UserType.from(user) : null;
  }
}
