import type { Options } from 'autocannon';

export interface ServerInfo {
  appUrl: string;
  floorUrl: string;
  clientId: string;
  clientSecret: string;
  /** A client_credentials token of the seeded integration client. */
  accessToken: string;
}

export interface BenchCase {
  name: string;
  label: string;
  request: Options;
}

const VIEWER = JSON.stringify({ query: '{ viewer { type } }' });
const ORDERS = JSON.stringify({
  query: '{ orders(first: 50) { totalCount edges { node { id reference status totalCents customer { id name email } } } } }',
});

/** The six cases of the benchmark issue, side by side in one run. */
export function benchCases(info: ServerInfo): BenchCase[] {
  const token = info.accessToken;
  const graphql = (path: string, body: string, auth: boolean): Options => ({
    url: `${info.appUrl}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
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
    { name: 'c', label: '{ viewer { type } } authenticated', request: graphql('/graphql', VIEWER, true) },
    { name: 'd', label: '{ viewer { type } } auth bypassed', request: graphql('/bench/no-auth/graphql', VIEWER, false) },
    { name: 'e', label: '50 orders with customers', request: graphql('/graphql', ORDERS, true) },
    { name: 'f', label: '50 orders with customers, shield off', request: graphql('/bench/no-shield/graphql', ORDERS, true) },
  ];
}
