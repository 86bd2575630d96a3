import { basicAuth, type TestClient } from '../../helpers/tokens.js';

/** What one request did, for the tallies and the "nothing lost" checks. */
export interface Sent {
  kind: string;
  status: number;
  /** Milliseconds from sending to the end of the body. */
  ms: number;
  body: unknown;
  /** Set when the request never got an answer (connection refused, reset, timed out). */
  failure?: string;
}

/**
 * The requests the load and outage tests mix, over real HTTP (the transport is part of
 * what is tested: connection reuse, concurrency, bodies), each bounded by a timeout so
 * a hang shows up as a failure instead of a stuck test.
 */
export class Traffic {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async send(kind: string, path: string, init: RequestInit): Promise<Sent> {
    const started = performance.now();
    try {
      const response = await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON: kept as text for the failure message.
      }
      return { kind, status: response.status, ms: performance.now() - started, body };
    } catch (error) {
      const failure =
        error instanceof Error
          ? `${error.name}: ${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`
          : String(error);
      return { kind, status: 0, ms: performance.now() - started, body: null, failure };
    }
  }

  form(kind: string, path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Sent> {
    return this.send(kind, path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params),
    });
  }

  clientCredentials(client: TestClient): Promise<Sent> {
    return this.form(
      'issue',
      '/oauth/token',
      { grant_type: 'client_credentials' },
      { authorization: basicAuth(client.id, client.secret!) },
    );
  }

  refresh(client: TestClient, refreshToken: string): Promise<Sent> {
    return this.form(
      'refresh',
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      { authorization: basicAuth(client.id, client.secret!) },
    );
  }

  revoke(client: TestClient, token: string): Promise<Sent> {
    return this.form('revoke', '/oauth/revoke', { token }, { authorization: basicAuth(client.id, client.secret!) });
  }

  graphql(kind: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Sent> {
    return this.send(kind, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  }

  healthz(): Promise<Sent> {
    return this.send('healthz', '/healthz', { method: 'GET' });
  }
}

/** The `jti` of an access token we were given (to find its row). */
export function jtiOf(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { jti: string }).jti;
}

/** Runs `count` tasks with at most `concurrency` in flight; a task gets its index and its worker's. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (index: number, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const work = async (worker: number) => {
    while (next < count) await task(next++, worker);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, worker) => work(worker)));
}

/** Percentile of a list of durations. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}
