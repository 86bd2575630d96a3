import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { plainOf } from '../../db/plain-rows.js';
import type { ResourceRow } from '../../modules/resource/resource.js';
import { findRow, findRows } from '../../modules/resource/resource.repository.js';
import { createRow, deleteRow, updateRow } from '../../modules/resource/resource.service.js';
import { type Connection, connectionOf, toConnection } from '../common/connection.js';
import { PageArgs } from '../common/page.args.js';
import { sent } from '../common/plain.js';
import type { GraphQLContext } from '../context.js';
import { type GraphResource, rootFields } from './resource.graph.js';

/**
 * The queries and mutations of a resource: `<name>(first, after, filter)` as a Relay
 * connection with totalCount, `<singular>(id)`, `create<Type>(input)`,
 * `update<Type>(id, input)`, `delete<Type>(id)`. A resource's own resolver extends
 * the class this returns and adds its relations as field resolvers:
 *
 *     @Resolver(() => OrderType)
 *     export class OrderResolver extends resourceResolver(orderGraph) { … }
 *
 * The rows a caller reaches are its scope for the action (`<name>.<action>` or `.own`),
 * filtered in SQL.
 */
export function resourceResolver<Entity extends ResourceRow, Row extends ResourceRow, Node extends object>(
  graph: GraphResource<Entity, Row, Node>,
) {
  const { resource, node: NodeType, inputs } = graph;
  const { name } = resource;
  const names = rootFields(graph as never);
  const NodeConnection = connectionOf(graph.typeName, NodeType);
  const from = (row: Row) => NodeType.from(row);
  /** A mutation's entity, answered as a read would answer it. */
  const fromEntity = (ctx: GraphQLContext, entity: Entity) => from(plainOf(ctx.em, entity, resource.row as never) as Row);

  @Resolver()
  class ResourceResolver {
    /** What this resolver serves: the schema's rule tree reads its rules from here. */
    static readonly graph = graph as unknown as GraphResource;

    @Query(() => NodeConnection, { name: names.list, nullable: true, description: `Needs ${name}.view or ${name}.view.own` })
    async list(
      @Args(() => PageArgs) page: PageArgs,
      @Arg('filter', () => inputs.filter, { nullable: true }) filter: object | null,
      @Ctx() ctx: GraphQLContext,
    ): Promise<Connection<Node>> {
      return toConnection(await findRows(ctx.em, resource, ctx.scope(name, 'view'), sent(filter), page), from);
    }

    @Query(() => NodeType, { name: names.one, nullable: true, description: 'Null when absent or not yours to see' })
    async one(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Node | null> {
      const row = await findRow(ctx.em, resource, ctx.scope(name, 'view'), id);
      return row ? from(row) : null;
    }

    @Mutation(() => NodeType, { name: names.create, nullable: true })
    async create(@Arg('input', () => inputs.create) input: object, @Ctx() ctx: GraphQLContext): Promise<Node> {
      return fromEntity(ctx, await createRow(ctx.op, resource, ctx.scope(name, 'create'), sent(input)));
    }

    @Mutation(() => NodeType, { name: names.update, nullable: true })
    async update(
      @Arg('id', () => ID) id: string,
      @Arg('input', () => inputs.update) input: object,
      @Ctx() ctx: GraphQLContext,
    ): Promise<Node> {
      return fromEntity(ctx, await updateRow(ctx.op, resource, ctx.scope(name, 'update'), id, sent(input)));
    }

    @Mutation(() => NodeType, { name: names.delete, nullable: true, description: graph.deleteDescription })
    async delete(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Node> {
      return fromEntity(ctx, await deleteRow(ctx.op, resource, ctx.scope(name, 'delete'), id));
    }
  }

  return ResourceResolver;
}
