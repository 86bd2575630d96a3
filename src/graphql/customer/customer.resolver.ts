import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { findCustomer, findCustomers } from '../../modules/customer/customer.repository.js';
import { createCustomer, deleteCustomer, updateCustomer } from '../../modules/customer/customer.service.js';
import { type Connection, connectionOf, toConnection } from '../common/connection.js';
import { PageArgs } from '../common/page.args.js';
import { sent } from '../common/plain.js';
import type { GraphQLContext } from '../context.js';
import { UserType } from '../user/user.type.js';
import { CreateCustomerInput, CustomerFilter, UpdateCustomerInput } from './customer.input.js';
import { CustomerType } from './customer.type.js';

export const CustomerConnection = connectionOf('Customer', CustomerType);

/**
 * Customers. `customers.<action>` covers every row, `customers.<action>.own` the
 * caller's own: other rows are filtered out in SQL, so they are simply not there.
 */
@Resolver(() => CustomerType)
export class CustomerResolver {
  @Query(() => CustomerConnection, { nullable: true, description: 'Needs customers.view or customers.view.own' })
  async customers(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CustomerFilter, { nullable: true }) filter: CustomerFilter | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Connection<CustomerType>> {
    return toConnection(await findCustomers(ctx.em, ctx.scope('customers', 'view'), sent(filter), page), CustomerType.from);
  }

  @Query(() => CustomerType, { nullable: true, description: 'Null when absent or not yours to see' })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<CustomerType | null> {
    const customer = await findCustomer(ctx.em, ctx.scope('customers', 'view'), id);
    return customer ? CustomerType.from(customer) : null;
  }

  @Mutation(() => CustomerType, { nullable: true })
  async createCustomer(
    @Arg('input', () => CreateCustomerInput) input: CreateCustomerInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomerType> {
    return CustomerType.from(
      await createCustomer(ctx.op, ctx.scope('customers', 'create'), { ...sent(input), name: input.name }),
    );
  }

  @Mutation(() => CustomerType, { nullable: true })
  async updateCustomer(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateCustomerInput) input: UpdateCustomerInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CustomerType> {
    return CustomerType.from(await updateCustomer(ctx.op, ctx.scope('customers', 'update'), id, sent(input)));
  }

  @Mutation(() => CustomerType, { nullable: true, description: 'Its orders are deleted with it' })
  async deleteCustomer(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<CustomerType> {
    return CustomerType.from(await deleteCustomer(ctx.op, ctx.scope('customers', 'delete'), id));
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Needs users.view, or being the owner' })
  async owner(@Root() customer: CustomerType, @Ctx() ctx: GraphQLContext): Promise<UserType | null> {
    const user = customer.ownerId ? await ctx.loaders.user.load(customer.ownerId) : null;
    return user ? UserType.from(user) : null;
  }
}
