import type { GraphQLResolveInfo } from 'graphql';
import { deny } from 'graphql-shield';
import { ForbiddenError } from '../errors.js';
import { fieldGuard, type GuardOptions } from './field-guard.js';
import { ruleTree } from './rule-tree.js';

type Logged = { log?: { error(object: object, message: string): void } };

/**
 * A field without a rule is denied, and a denial is a `FORBIDDEN` error on that
 * field alone, so the rest of the query still resolves. Errors thrown by resolvers
 * pass through untouched (`allowExternalErrors`): they are not denials.
 */
export const shieldOptions = {
  fallbackRule: deny,
  allowExternalErrors: true,
  fallbackError: (error: unknown, _parent: unknown, _args: unknown, ctx: object, info: GraphQLResolveInfo) => {
    if (error) (ctx as Logged).log?.error({ err: error }, 'shield rule failed');
    return new ForbiddenError(`${info.parentType.name}.${info.fieldName}`);
  },
} satisfies GuardOptions;

/** The shield over the whole schema: {@link ruleTree} with graphql-shield's semantics, checked synchronously per field. */
export function permissionsMiddleware() {
  return fieldGuard(ruleTree, shieldOptions);
}
