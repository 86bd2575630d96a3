import { type GraphQLResolveInfo, isIntrospectionType, isObjectType } from 'graphql';
import { type IMiddlewareFunction, type IMiddlewareGenerator, middleware } from 'graphql-middleware';
import { allow, deny } from 'graphql-shield';

/** What a rule says about one field: allowed, denied, or denied with its own error. */
export type Verdict = boolean | Error;
type RuleArgs = [parent: unknown, args: Record<string, unknown>, ctx: object, info: GraphQLResolveInfo];
/** A compiled rule: synchronous when every rule under it is; a Promise only when one is not. */
export type Check = (...call: RuleArgs) => Verdict | Promise<Verdict>;
export type ShieldRule = Parameters<typeof import('graphql-shield').or>[0];

export interface GuardOptions {
  /** The rule of every field the rule tree does not name. */
  fallbackRule: ShieldRule;
  /** The error a denied field resolves to (`error` is set when a rule failed rather than said no). */
  fallbackError: (error: unknown, parent: unknown, args: unknown, ctx: object, info: GraphQLResolveInfo) => Error;
  /** Errors thrown by resolvers always pass through untouched: they are not denials. */
  allowExternalErrors: true;
}

/**
 * graphql-shield's semantics, applied without its per-field cost. Shield's own
 * middleware is an `async` function: every guarded field returns a Promise, so
 * graphql-js completes a 50-row list as thousands of promises (measured 3.8× the
 * unguarded CPU). Here each rule of the tree is compiled once into a {@link Check};
 * a field whose rule and resolver are synchronous stays synchronous. Rules built with
 * {@link registerCheck} (see rules.ts) compile to plain functions; `allow`/`deny` to
 * constants; any other graphql-shield rule is evaluated by graphql-shield itself.
 */
export function fieldGuard(
  ruleTree: Record<string, Record<string, ShieldRule>>,
  options: GuardOptions,
): IMiddlewareGenerator<unknown, object, unknown> {
  return middleware((schema) => {
    const fieldMap: Record<string, Record<string, IMiddlewareFunction>> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || isIntrospectionType(type)) continue;
      const rules = ruleTree[type.name] ?? {};
      const fields = type.getFields();
      const unknown = Object.keys(rules).filter((field) => !fields[field]);
      if (unknown.length > 0)
        throw new Error(`rules for fields the schema does not have: ${unknown.map((f) => `${type.name}.${f}`).join(', ')}`);
      fieldMap[type.name] = {};
      for (const field of Object.keys(fields)) {
        fieldMap[type.name][field] = guardField(compileRule(rules[field] ?? options.fallbackRule), options);
      }
    }
    return fieldMap;
  });
}

function guardField(check: Check, options: GuardOptions): IMiddlewareFunction {
  return (resolve, parent, args, ctx, info) => {
    const verdict = check(parent, args, ctx, info);
    if (verdict === true) return resolve(parent, args, ctx, info);
    if (!(verdict instanceof Promise)) return refusal(verdict, options, [parent, args, ctx, info]);
    return verdict.then((settled) =>
      settled === true ? resolve(parent, args, ctx, info) : refusal(settled, options, [parent, args, ctx, info]),
    );
  };
}

/** As shield: a rule's own error is the field's error; a plain "no" is the fallback error. */
function refusal(verdict: false | Error, options: GuardOptions, call: RuleArgs): Error {
  return verdict instanceof Error ? verdict : options.fallbackError(null, ...call);
}

const checks = new WeakMap<object, Check>();
const ALLOW: Check = () => true;
const DENY: Check = () => false;

/** Gives a graphql-shield rule its compiled form; rules.ts does this for every rule it builds. */
export function registerCheck<R extends ShieldRule>(rule: R, check: Check): R {
  checks.set(rule, check);
  return rule;
}

export function compileRule(rule: ShieldRule): Check {
  if (rule === allow) return ALLOW;
  if (rule === deny) return DENY;
  return checks.get(rule) ?? shieldEvaluation(rule);
}

/** Shield's own options for its `resolve`: a failing rule is a denial, no `strict` hashing (ORM rows cannot be hashed). */
const SHIELD_OPTIONS = {
  debug: false,
  allowExternalErrors: true,
  fallbackRule: deny,
  fallbackError: new Error('denied'),
  hashFunction: () => {
    throw new Error('the strict rule cache is not supported');
  },
} as unknown as Parameters<ShieldRule['resolve']>[4];

/** A rule graphql-shield built and we cannot see into (an async rule, `inputRule`, `chain`…): shield resolves it. */
function shieldEvaluation(rule: ShieldRule): Check {
  return (parent, args, ctx, info) => {
    const shieldContext = ctx as { _shield?: { cache: Record<string, unknown> } };
    shieldContext._shield ??= { cache: {} };
    return rule.resolve(parent as object, args, shieldContext as never, info, SHIELD_OPTIONS) as Promise<Verdict>;
  };
}

/** Shield's leaf semantics: `true` allows, an Error or a string is that error, anything else (a throw too) denies. */
export function leafCheck(predicate: (...call: RuleArgs) => unknown): Check {
  const settle = (result: unknown): Verdict =>
    result === true ? true : result instanceof Error ? result : typeof result === 'string' ? new Error(result) : false;
  return (...call) => {
    try {
      const result = predicate(...call);
      return result instanceof Promise ? result.then(settle, () => false) : settle(result);
    } catch {
      return false;
    }
  };
}

/** Shield's `or`: allowed when any is; otherwise the first rule error, or a plain denial. */
export function anyCheck(children: Check[]): Check {
  return (...call) => {
    const results: Array<Verdict | Promise<Verdict>> = [];
    for (const child of children) {
      const result = child(...call);
      if (result === true) return true;
      results.push(result);
    }
    return combine(results, (settled) => (settled.includes(true) ? true : firstError(settled)));
  };
}

/** Shield's `and`: allowed when all are; otherwise the first rule error among them all, or a plain denial. */
export function allCheck(children: Check[]): Check {
  return (...call) => {
    const results = children.map((child) => child(...call));
    return combine(results, (settled) => (settled.every((result) => result === true) ? true : firstError(settled)));
  };
}

function combine(
  results: Array<Verdict | Promise<Verdict>>,
  decide: (settled: Verdict[]) => Verdict,
): Verdict | Promise<Verdict> {
  if (results.some((result) => result instanceof Promise)) return Promise.all(results).then(decide);
  return decide(results as Verdict[]);
}

function firstError(settled: Verdict[]): Verdict {
  return settled.find((result) => result instanceof Error) ?? false;
}
