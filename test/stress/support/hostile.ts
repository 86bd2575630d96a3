import fc from 'fast-check';

/** Classic SQL-injection probes: quotes, comments, stacked queries, tautologies, casts. */
export const SQL_INJECTION = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '" OR ""="',
  "'; DROP TABLE app_client; --",
  '1\'; update "user" set disabled = true; --',
  "admin'--",
  "' UNION SELECT secret_hash, null FROM app_client --",
  "%' AND pg_sleep(5) IS NULL AND '%'='",
  "\\'; select pg_sleep(5); --",
  "00000000-0000-0000-0000-000000000000' OR 'x'='x",
  '1::int',
  '$$; select 1; $$',
  '%',
  '_',
  '\\',
];

/** Markup that would run script if any page reflected it unescaped. */
export const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '" autofocus onfocus="alert(1)',
  '</textarea><script>alert(1)</script>',
  '{{constructor.constructor("alert(1)")()}}',
  '<%= 7*7 %>',
];

/** Values that break naive parsers: control characters, encodings, lookalikes, prototype keys. */
export const AWKWARD = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\r\n\r\nX-Injected: 1',
  '%00',
  '%zz',
  '%',
  '&=&=',
  '+',
  '\uD800',
  '\uFEFF',
  'İ',
  'ǅ',
  '🦄'.repeat(20),
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '9007199254740993',
];

const corpus = [...SQL_INJECTION, ...XSS, ...AWKWARD];

/** Any one hostile string: a known probe, random text of every Unicode plane, or a very long value. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...corpus) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 12_000 }).map((length) => 'A'.repeat(length)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...corpus), fc.string({ maxLength: 10 })).map(([a, b]) => a + b) },
);

/** A JSON value where a string is expected: wrong types, nesting, prototype keys. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('$ne', '$gt', '__proto__', 'a'), hostileString, { maxKeys: 2 }) },
);

/**
 * A field value: mostly one of the `known` good values (so requests get past the first
 * checks and exercise the deep ones), otherwise something hostile.
 */
export function fieldValue(known: readonly string[], knownWeight = 3): fc.Arbitrary<string> {
  if (known.length === 0) return hostileString;
  return fc.oneof({ weight: knownWeight, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: hostileString });
}
