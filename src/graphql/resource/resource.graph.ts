import type { ClassType } from 'type-graphql';
import type { ResourceDeclaration, ResourceRow } from '../../modules/resource/resource.js';
import type { ResourceName } from '../../modules/resources.js';
import { canAnyOn, canOnRows } from '../permissions/rules.js';
import { connection, each, mergeTrees, type RuleTree } from '../permissions/tree.js';

/**
 * The GraphQL side of a business resource, declared once in its graphql/<name>/
 * folder: the object type (explicitly mapped from the entity, so a new column never
 * leaks), the input classes, and which fields the type shows. resourceResolver()
 * turns it into the queries and mutations, resourceRules() into their shield rules.
 */
export interface GraphResource<
  Entity extends ResourceRow = ResourceRow,
  Row extends ResourceRow = ResourceRow,
  Node extends object = object,
> {
  resource: ResourceDeclaration<ResourceName, Entity, Row>;
  /** The object type's GraphQL name: `Order` gives `OrderConnection`, `createOrder`, … */
  typeName: string;
  /** Its object type, mapped from the resource's plain row. */
  node: ClassType<Node> & { from(row: Row): Node };
  inputs: { create: ClassType; update: ClassType; filter: ClassType };
  /** The node's plain fields: readable with any permission on the resource, so a creator reads back what it made. */
  fields: readonly (keyof Node & string)[];
  /** Rules of the fields a resource resolves itself (its relations), by type. */
  rules?: RuleTree;
  /** The delete mutation's description, when deleting takes more with it. */
  deleteDescription?: string;
}

export function graphResource<Entity extends ResourceRow, Row extends ResourceRow, Node extends object>(
  graph: GraphResource<Entity, Row, Node>,
): GraphResource<Entity, Row, Node> {
  return graph;
}

/** The root fields of a resource, by their GraphQL names. */
export function rootFields(graph: GraphResource) {
  const { name, singular } = graph.resource;
  return {
    list: name,
    one: singular,
    create: `create${graph.typeName}`,
    update: `update${graph.typeName}`,
    delete: `delete${graph.typeName}`,
  };
}

/**
 * Every rule of a resource: a list or a lookup needs `<name>.view` or its `.own` form,
 * each mutation its action's, and the node's fields any of them; then the resource's own.
 */
export function resourceRules(graph: GraphResource): RuleTree {
  const { name } = graph.resource;
  const root = rootFields(graph);
  const own: RuleTree = {
    Query: { [root.list]: canOnRows(name, 'view'), [root.one]: canOnRows(name, 'view') },
    Mutation: {
      [root.create]: canOnRows(name, 'create'),
      [root.update]: canOnRows(name, 'update'),
      [root.delete]: canOnRows(name, 'delete'),
    },
    [graph.typeName]: each(graph.fields, canAnyOn(name)),
    ...connection(graph.typeName),
  };
  return mergeTrees(own, graph.rules ?? {});
}
