import type { Options } from 'autocannon';

export interface ServerInfo {
  appUrl: string;
  floorUrl: string;
  clientId: string;
  clientSecret: string;
  /** A client_credentials token of the seeded integration client. */
  accessToken: string;
  /** The seeded database, on PostgreSQL only: the references read it too. */
  databaseUrl?: string;
}

export interface BenchCase {
  name: string;
  label: string;
  request: Options;
  /** The server process whose CPU time and RSS the case is measured by (its `/usage`). */
  usageUrl: string;
  /** A reference (bench/reference-server.ts), not our server: kept out of our RSS figure. */
  reference?: boolean;
}

const VIEWER = JSON.stringify({ query: '{ viewer { type } }' });
const ORDERS = JSON.stringify({
  query: '{ orders(first: 50) { totalCount edges { node { id reference status totalCents customer { id name email } } } } }',
});
const HELLO = JSON.stringify({ query: '{ hello }' });

const json = (url: string, body: string, token?: string): Options => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body,
});

/** The six cases of the benchmark issue, side by side in one run. */
export function benchCases(info: ServerInfo): BenchCase[] {
  const token = info.accessToken;
  const usageUrl = info.floorUrl;
  const basic = Buffer.from(`${encodeURIComponent(info.clientId)}:${encodeURIComponent(info.clientSecret)}`).toString('base64');
  return [
    { name: 'a', label: 'bare Fastify route (floor)', request: { url: `${info.floorUrl}/floor` } },
    {
      name: 'b',
      label: 'client_credentials issuance',
      request: {
        url: `${info.appUrl}/oauth/token`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
        body: 'grant_type=client_credentials',
      },
    },
    { name: 'c', label: '{ viewer { type } } authenticated', request: json(`${info.appUrl}/graphql`, VIEWER, token) },
    { name: 'd', label: '{ viewer { type } } auth bypassed', request: json(`${info.appUrl}/bench/no-auth/graphql`, VIEWER) },
    { name: 'e', label: '50 orders with customers', request: json(`${info.appUrl}/graphql`, ORDERS, token) },
    {
      name: 'f',
      label: '50 orders with customers, shield off',
      request: json(`${info.appUrl}/bench/no-shield/graphql`, ORDERS, token),
    },
  ].map((benchCase) => ({ ...benchCase, usageUrl }));
}

/**
 * The references (bench/reference-server.ts, PostgreSQL only): the same 50 orders through
 * a bare Apollo Server 5 and through one raw Fastify + node-postgres route, `{ hello }`,
 * and the token floor (a bare Fastify route that only parses, signs and answers).
 */
export function referenceCases(referenceUrl: string): BenchCase[] {
  return [
    { name: 'g', label: 'ref: bare Apollo 5 + pg, 50 orders', request: json(`${referenceUrl}/graphql`, ORDERS) },
    { name: 'h', label: 'ref: raw Fastify + pg, 50 orders', request: { url: `${referenceUrl}/orders` } },
    { name: 'i', label: 'ref: bare Apollo 5 { hello }', request: json(`${referenceUrl}/graphql`, HELLO) },
    {
      name: 'j',
      label: 'ref: bare Fastify token (form, RS256, JSON)',
      request: {
        url: `${referenceUrl}/oauth/token`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic aW50ZWdyYXRpb246c2VjcmV0' },
        body: 'grant_type=client_credentials',
      },
    },
  ].map((benchCase) => ({ ...benchCase, usageUrl: referenceUrl, reference: true }));
}
