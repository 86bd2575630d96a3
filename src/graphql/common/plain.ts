/**
 * type-graphql hands resolvers class instances whose omitted fields are own
 * `undefined` properties. Services get plain objects with only the fields the
 * caller sent (an explicit null is kept: it means "clear").
 */
export function sent<T extends object>(input: T | null | undefined): Partial<T> {
  if (!input) return {};
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
