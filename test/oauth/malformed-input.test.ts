import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { basicAuth, createTestClient, startAppWithProxyClients, type TestClient } from '../helpers/tokens.js';

interface Malformed {
  name: string;
  contentType?: string;
  body?: string | Uint8Array;
  authorization?: (client: TestClient) => string;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const big = 'a'.repeat(100 * 1024);

/** Every one of these must get an RFC 6749 JSON 4xx, never a 5xx, from every endpoint. */
const CASES: Malformed[] = [
  { name: 'no body, no content type' },
  { name: 'empty form', contentType: FORM, body: '' },
  { name: 'empty JSON', contentType: JSON_TYPE, body: '' },
  { name: 'truncated JSON', contentType: JSON_TYPE, body: '{"grant_type": "client_cred' },
  { name: 'JSON array', contentType: JSON_TYPE, body: '["grant_type", "client_credentials"]' },
  { name: 'JSON string', contentType: JSON_TYPE, body: '"client_credentials"' },
  { name: 'JSON null', contentType: JSON_TYPE, body: 'null' },
  { name: 'JSON number', contentType: JSON_TYPE, body: '42' },
  { name: 'array for a string (JSON)', contentType: JSON_TYPE, body: '{"grant_type":["client_credentials"],"token":["a","b"]}' },
  {
    name: 'object for a string (JSON)',
    contentType: JSON_TYPE,
    body: '{"grant_type":{"$ne":null},"token":{"a":1},"username":{}}',
  },
  { name: 'number for a string (JSON)', contentType: JSON_TYPE, body: '{"grant_type":5,"token":5,"username":5,"password":5}' },
  {
    name: 'prototype pollution (JSON)',
    contentType: JSON_TYPE,
    body: '{"__proto__":{"grant_type":"password"},"constructor":{"prototype":{}}}',
  },
  {
    name: 'repeated parameter (form)',
    contentType: FORM,
    body: 'grant_type=password&grant_type=client_credentials&token=a&token=b&username=a&username=b',
  },
  { name: 'bad percent-encoding (form)', contentType: FORM, body: 'grant_type=%zz&token=%E0%A4%A&username=%' },
  {
    name: 'invalid UTF-8 (form)',
    contentType: FORM,
    body: new Uint8Array([0x67, 0x72, 0x61, 0x6e, 0x74, 0x5f, 0x74, 0x79, 0x70, 0x65, 0x3d, 0xff, 0xfe]),
  },
  {
    name: '100 KB value (form)',
    contentType: FORM,
    body: `grant_type=client_credentials&scope=${big}&token=${big}&username=${big}`,
  },
  {
    name: '100 KB value (JSON)',
    contentType: JSON_TYPE,
    body: JSON.stringify({ grant_type: 'password', token: big, username: big, password: big }),
  },
  {
    name: '10 KB values (form)',
    contentType: FORM,
    body: `grant_type=password&token=${big.slice(0, 10_000)}&username=${big.slice(0, 10_000)}&password=x`,
  },
  { name: 'control characters', contentType: FORM, body: 'grant_type=%00%01password&token=%00&username=%00&password=%00' },
  {
    name: 'lone surrogates (JSON)',
    contentType: JSON_TYPE,
    body: '{"grant_type":"password","token":"\\ud800","username":"a\\ud800@example.com","password":"\\udc00"}',
  },
  { name: 'text/plain', contentType: 'text/plain', body: 'grant_type=client_credentials' },
  {
    name: 'multipart',
    contentType: 'multipart/form-data; boundary=x',
    body: '--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\npassword\r\n--x--',
  },
  { name: 'XML', contentType: 'application/xml', body: '<grant_type>password</grant_type>' },
  { name: 'garbage content type', contentType: ';;;', body: 'grant_type=password' },
  {
    name: 'Basic without a colon',
    contentType: FORM,
    body: 'grant_type=client_credentials&token=x',
    authorization: () => `Basic ${Buffer.from('no-colon').toString('base64')}`,
  },
  {
    name: 'Basic not base64',
    contentType: FORM,
    body: 'grant_type=client_credentials&token=x',
    authorization: () => 'Basic !!!***',
  },
  {
    name: 'Basic with bad percent-encoding',
    contentType: FORM,
    body: 'grant_type=client_credentials&token=x',
    authorization: () => `Basic ${Buffer.from('%zz:%').toString('base64')}`,
  },
  {
    name: 'Basic and client_secret together',
    contentType: FORM,
    body: 'grant_type=client_credentials&client_secret=x&token=x',
    authorization: (client) => basicAuth(client.id, client.secret!),
  },
  {
    name: 'unknown grant with valid client',
    contentType: FORM,
    body: `grant_type=${'x'.repeat(5000)}`,
    authorization: (client) => basicAuth(client.id, client.secret!),
  },
  {
    name: 'malformed scope with valid client',
    contentType: FORM,
    body: 'grant_type=client_credentials&scope=%22quoted%22%20back%5Cslash',
    authorization: (client) => basicAuth(client.id, client.secret!),
  },
  { name: 'Bearer garbage', contentType: FORM, body: 'token=x', authorization: () => 'Bearer a.b.c' },
  { name: 'Bearer non-token characters', contentType: FORM, body: 'token=x', authorization: () => 'Bearer ä ö ü' },
];

const ENDPOINTS = ['/oauth/token', '/oauth/revoke', '/oauth/introspect', '/clients/web/login', '/clients/web/refresh', '/logout'];

describe('malformed input on every OAuth endpoint', () => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startAppWithProxyClients(['web']);
    client = await createTestClient(t, { grantTypes: ['client_credentials', 'password'], permissions: ['orders.view'] });
  });
  afterAll(() => t.close());

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint}: a 4xx RFC 6749 JSON error for each of ${CASES.length} malformed requests`, async () => {
      for (const testCase of CASES) {
        const headers: Record<string, string> = {};
        if (testCase.contentType) headers['content-type'] = testCase.contentType;
        if (testCase.authorization) headers.authorization = testCase.authorization(client);
        const response = await fetch(`${t.url}${endpoint}`, { method: 'POST', headers, body: testCase.body });
        const text = await response.text();
        const context = `${endpoint} ${testCase.name}: ${response.status} ${text.slice(0, 200)}`;
        expect(response.status, context).toBeGreaterThanOrEqual(400);
        expect(response.status, context).toBeLessThan(500);
        const body = JSON.parse(text) as { error: unknown; error_description: unknown };
        expect(typeof body.error, context).toBe('string');
        expect(typeof body.error_description, context).toBe('string');
        expect(response.headers.get('cache-control'), context).toBe('no-store');
      }
    });
  }
});
