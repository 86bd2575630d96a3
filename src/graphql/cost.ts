import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  GraphQLInt,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromAST,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../db/pagination.js';

/** Lists without `first` (roles, permissions, authorizations) are small; each counts as this many rows. */
const PLAIN_LIST_ROWS = 10;

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/**
 * The cost of an operation with its variables: every field costs 1, and everything
 * selected under a connection field counts once per row it may return (`first`,
 * from a literal or a variable, default 20) — so `first: $n` cannot hide a large
 * request from a static check.
 */
export function operationCost(input: CostInput): number {
  const root = input.operation.operation === 'mutation' ? input.schema.getMutationType() : input.schema.getQueryType();
  return root ? selectionCost(input, input.operation.selectionSet, root) : 0;
}

/** `pageRows`: the `first` of the connection whose fields these are (how many `edges` it returns). */
function selectionCost(input: CostInput, selectionSet: SelectionSetNode, parent: GraphQLCompositeType, pageRows = 1): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      total += fieldCost(input, selection, parent, pageRows);
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? input.fragments[selection.name.value] : selection;
      if (!fragment) continue;
      const condition = fragment.typeCondition ? input.schema.getType(fragment.typeCondition.name.value) : parent;
      if (condition && isCompositeType(condition)) total += selectionCost(input, fragment.selectionSet, condition, pageRows);
    }
  }
  return total;
}

function fieldCost(input: CostInput, node: FieldNode, parent: GraphQLCompositeType, pageRows: number): number {
  if (!(isObjectType(parent) || isInterfaceType(parent)) || node.name.value.startsWith('__')) return 0;
  const field = parent.getFields()[node.name.value];
  if (!field || !node.selectionSet) return 1;
  const type = getNamedType(field.type);
  if (!isCompositeType(type)) return 1;
  if (isConnection(type)) return 1 + selectionCost(input, node.selectionSet, type, pageSize(input, node));
  const rows = isListType(getNullableType(field.type)) ? (isConnection(parent) ? pageRows : PLAIN_LIST_ROWS) : 1;
  return 1 + rows * selectionCost(input, node.selectionSet, type);
}

const isConnection = (type: GraphQLCompositeType) => type.name.endsWith('Connection');

function pageSize(input: CostInput, node: FieldNode): number {
  const argument = node.arguments?.find((arg) => arg.name.value === 'first');
  if (!argument) return DEFAULT_PAGE_SIZE;
  const value = valueFromAST(argument.value, GraphQLInt, input.variables);
  // Out-of-range values are refused by the resolver; here they count at the maximum.
  return typeof value === 'number' && value >= 1 && value <= MAX_PAGE_SIZE ? value : MAX_PAGE_SIZE;
}
