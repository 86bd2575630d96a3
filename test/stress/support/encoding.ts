import fc from 'fast-check';

/** A request body as sent on the wire, with the content type that goes with it (or a wrong one). */
export interface EncodedBody {
  contentType?: string;
  payload?: string | Buffer;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const OTHER_TYPES = [
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded; charset=latin1',
  ';;;',
  'application/graphql',
];

/** Form encoding as a browser or curl would write it; arrays become repeated names. */
export function toForm(fields: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      form.append(name, typeof item === 'string' ? item : (JSON.stringify(item) ?? ''));
    }
  }
  return form.toString();
}

/**
 * How `fields` travel: form-encoded (the usual), JSON, JSON with a polluting key, or
 * replaced by garbage (raw bytes, broken encodings, no body) — under the right content
 * type or a wrong one.
 */
export function encodedBody(fields: Record<string, unknown>): fc.Arbitrary<EncodedBody> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ contentType: FORM, payload: toForm(fields) }) },
    { weight: 4, arbitrary: fc.constant({ contentType: JSON_TYPE, payload: JSON.stringify(fields) }) },
    {
      weight: 1,
      arbitrary: fc.constant({
        contentType: JSON_TYPE,
        payload: `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"x":1}},${JSON.stringify(fields).slice(1)}`,
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(FORM, JSON_TYPE, ...OTHER_TYPES), fc.uint8Array({ maxLength: 200 }))
        .map(([contentType, bytes]) => ({ contentType, payload: Buffer.from(bytes) })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...OTHER_TYPES).map((contentType) => ({ contentType, payload: toForm(fields) })),
    },
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('%zz=%', '=&=&', 'a=%E0%A4%A', `${'x'.repeat(70 * 1024)}=1`, '{"unterminated": "')
        .map((payload) => ({ contentType: FORM, payload })),
    },
  );
}

/** Headers for an inject call: the content type, plus whatever else the case adds. */
export function headersFor(body: EncodedBody, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (body.contentType) headers['content-type'] = body.contentType;
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) headers[name] = value;
  return headers;
}
