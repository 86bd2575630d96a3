import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import autocannon, { type Options } from 'autocannon';
import type { BenchCase, ServerInfo } from './cases.js';
import { startServer, stopServer } from './harness.js';
import { measure } from './measure.js';

/**
 * `npm run bench:dpop`: what DPoP adds per resource request. Starts bench/server.ts,
 * gets a DPoP-bound token of the seeded integration client, then drives `{ viewer { type } }`
 * with its Bearer token and with the DPoP-bound one (a fresh ES256 proof per request,
 * signed here, in the load generator), alternating in BENCH_ROUNDS rounds, and prints the
 * server's CPU per request for each and the difference. The DPoP case includes the
 * proof's `jti` insert (the one database round trip DPoP adds).
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
const header = Buffer.from(JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty, crv, x, y } })).toString('base64url');

function proof(method: string, htu: string, token?: string): string {
  const claims = { jti: randomUUID(), htm: method, htu, iat: Math.floor(Date.now() / 1000) };
  const ath = token ? { ath: createHash('sha256').update(token).digest('base64url') } : {};
  const input = `${header}.${Buffer.from(JSON.stringify({ ...claims, ...ath })).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

async function dpopToken(info: ServerInfo, issuer: string): Promise<string> {
  const basic = Buffer.from(`${encodeURIComponent(info.clientId)}:${encodeURIComponent(info.clientSecret)}`).toString('base64');
  const response = await fetch(`${info.appUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${basic}`,
      dpop: proof('POST', `${issuer}/oauth/token`),
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { token_type: string; access_token: string };
  if (body.token_type !== 'DPoP') throw new Error(`expected a DPoP token, got ${JSON.stringify(body)}`);
  return body.access_token;
}

function cases(info: ServerInfo, issuer: string, token: string): BenchCase[] {
  const body = JSON.stringify({ query: '{ viewer { type } }' });
  const url = `${info.appUrl}/graphql`;
  const bearer: Options = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${info.accessToken}` },
    body,
  };
  // autocannon's per-request hook: every request gets its own proof.
  const dpop = {
    url,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        body,
        setupRequest: (request: { headers: Record<string, string> }) => {
          request.headers = {
            'content-type': 'application/json',
            authorization: `DPoP ${token}`,
            dpop: proof('POST', `${issuer}/graphql`, token),
          };
          return request;
        },
      },
    ],
  } as Options;
  return [
    { name: 'bearer', label: '{ viewer { type } } Bearer', request: bearer, usageUrl: info.floorUrl },
    { name: 'dpop', label: '{ viewer { type } } DPoP, fresh proof', request: dpop, usageUrl: info.floorUrl },
  ];
}

const { child, info } = await startServer();
try {
  const { issuer } = (await (await fetch(`${info.appUrl}/.well-known/oauth-authorization-server`)).json()) as { issuer: string };
  const token = await dpopToken(info, issuer);
  const benchCases = cases(info, issuer, token);
  for (const benchCase of benchCases) await autocannon({ ...benchCase.request, connections: 32, duration: 2 });
  const cpu: Record<string, number[]> = { bearer: [], dpop: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const benchCase of benchCases) {
      const m = await measure(benchCase, DURATION / ROUNDS);
      cpu[benchCase.name].push(m.cpuMsPerRequest);
      console.log(
        `round ${round + 1} ${benchCase.label.padEnd(40)} ${String(m.requestsPerSecond).padStart(6)} req/s, p50 ${m.p50Ms} ms, ` +
          `${m.cpuMsPerRequest.toFixed(3)} CPU ms/req, non2xx ${m.non2xx}`,
      );
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const extra = cpu.dpop.map((value, round) => value - cpu.bearer[round]);
  console.log(
    `\nmedian CPU ms/req: Bearer ${median(cpu.bearer).toFixed(3)}, DPoP ${median(cpu.dpop).toFixed(3)}; ` +
      `DPoP adds ${median(extra).toFixed(3)} ms/req (median of the per-round differences)`,
  );
} finally {
  await stopServer(child);
}
