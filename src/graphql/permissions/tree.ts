import { authenticated, type ShieldRule } from './rules.js';

/** Rules by field name, and by type: the shape of the rule tree. */
export type FieldRules = Record<string, ShieldRule>;
export type RuleTree = Record<string, FieldRules>;

/** The same rule for each named field. */
export const each = (names: readonly string[], rule: ShieldRule): FieldRules =>
  Object.fromEntries(names.map((name) => [name, rule]));

/** Relay plumbing: whoever may ask for the list may read its edges and page info. */
export const connection = (node: string): RuleTree => ({
  [`${node}Connection`]: each(['edges', 'pageInfo', 'totalCount'], authenticated),
  [`${node}Edge`]: each(['cursor', 'node'], authenticated),
});

/** Merges trees type by type; a field ruled twice is a mistake, so it throws. */
export function mergeTrees(...trees: RuleTree[]): RuleTree {
  const merged: RuleTree = {};
  for (const tree of trees) {
    for (const [type, fields] of Object.entries(tree)) {
      merged[type] ??= {};
      const target = merged[type];
      for (const [field, rule] of Object.entries(fields)) {
        if (field in target) throw new Error(`two rules for ${type}.${field}`);
        target[field] = rule;
      }
    }
  }
  return merged;
}
