import fc from 'fast-check';
import { type EncodedBody, encodedBody } from './encoding.js';
import { fieldValue, hostileJsonValue, hostileString } from './hostile.js';
import { type OAuthFixture, REDIRECT_URI } from './oauth-fixture.js';

/** One generated request to a client-authenticated OAuth endpoint. */
export interface OAuthCase {
  authorization?: string;
  /** The client the credentials authenticate, when they are right. */
  as?: ClientAuthentication['as'];
  fields: Record<string, unknown>;
  body: EncodedBody;
  ip: string;
}

/** `Authorization: Basic` (RFC 6749 §2.3.1); a value that cannot be form-encoded (a lone surrogate) goes raw. */
export function basic(id: string, secret: string): string {
  const encode = (value: string) => {
    try {
      return encodeURIComponent(value).replace(/%20/g, '+');
    } catch {
      return value;
    }
  };
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

/** A way of authenticating; `as` names the client it authenticates when it is right. */
export interface ClientAuthentication {
  authorization?: string;
  fields: Record<string, unknown>;
  as?: 'confidential' | 'public';
}

/** Where the fuzzer's client credentials go; `wrongSecret` costs an argon2 verification, so it is rare. */
export function clientAuthentication(f: OAuthFixture): fc.Arbitrary<ClientAuthentication> {
  const { confidential, publicClient } = f;
  const rightBasic: ClientAuthentication = {
    authorization: basic(confidential.id, confidential.secret!),
    fields: {},
    as: 'confidential',
  };
  const rightPost: ClientAuthentication = {
    fields: { client_id: confidential.id, client_secret: confidential.secret },
    as: 'confidential',
  };
  const wrongSecret = fc
    .string({ minLength: 1, maxLength: 50 })
    .map((secret): ClientAuthentication => ({ authorization: basic(confidential.id, `${secret}x`), fields: {} }));
  const garbageHeader = fc
    .oneof(
      hostileString.map((text) => `Basic ${text}`),
      hostileString.map((text) => `Bearer ${text}`),
      fc.string({ maxLength: 100 }),
    )
    .map((header): ClientAuthentication => ({ authorization: header.replace(/[^\t\x20-\x7e\x80-\xff]/g, ''), fields: {} }));
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(rightBasic) },
    { weight: 2, arbitrary: fc.constant(rightPost) },
    { weight: 2, arbitrary: fc.constant<ClientAuthentication>({ fields: { client_id: publicClient.id }, as: 'public' }) },
    { weight: 1, arbitrary: hostileString.map((secret) => ({ fields: { client_id: publicClient.id, client_secret: secret } })) },
    { weight: 1, arbitrary: wrongSecret },
    {
      weight: 2,
      arbitrary: fc
        .tuple(hostileJsonValue, fc.option(hostileJsonValue, { nil: undefined }))
        .map(([id, secret]) => ({ fields: { client_id: id, client_secret: secret } })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(hostileString, hostileString).map(([id, secret]) => ({ authorization: basic(id, secret), fields: {} })),
    },
    { weight: 1, arbitrary: garbageHeader },
    {
      weight: 1,
      arbitrary: fc.constant({ ...rightBasic, fields: { client_id: publicClient.id, client_secret: 'x' }, as: undefined }),
    },
    { weight: 1, arbitrary: fc.constant({ fields: {} }) },
  );
}

/** An optional field: absent, or a known/hostile string, or (rarely) a non-string JSON value. */
export function optionalField(known: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: fieldValue(known) },
    { weight: 1, arbitrary: hostileJsonValue },
  );
}

/** Parameters nobody asked for: ignored by the server (RFC 6749 §3.2), never harmful. */
export const extraFields = fc.dictionary(
  fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty')),
  hostileJsonValue,
  { maxKeys: 3 },
);

export const remoteAddress = fc.constantFrom('127.0.0.1', '10.1.2.3', '::1', '203.0.113.9', '2001:db8::7');

/** Drops undefined fields and lets the extra ones be overwritten by the meaningful ones. */
export function compact(...parts: Record<string, unknown>[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part)) if (value !== undefined) fields[name] = value;
  }
  return fields;
}

/** Builds the case: client authentication, endpoint fields, unasked-for fields, an encoding and an IP. */
export function oauthCase(
  f: OAuthFixture,
  endpointFields: fc.Arbitrary<Record<string, unknown>>,
  auth = clientAuthentication(f),
): fc.Arbitrary<OAuthCase> {
  return fc.tuple(auth, endpointFields, extraFields, remoteAddress).chain(([client, fields, extra, ip]) => {
    const all = compact(extra, client.fields, fields);
    return encodedBody(all).map((body) => ({ authorization: client.authorization, as: client.as, fields: all, body, ip }));
  });
}

export const KNOWN_SCOPES = ['orders.view', 'customers.view', 'orders.view customers.view', '*', 'users.delete', 'manage_system'];
export const KNOWN_REDIRECTS = [REDIRECT_URI, `${REDIRECT_URI}/`, 'https://evil.example/callback', `${REDIRECT_URI}?x=1`];
