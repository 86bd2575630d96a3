export interface Measurement {
  name: string;
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  rssMB: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface TargetResult {
  name: string;
  met: boolean;
  detail: string;
}

/**
 * CPU-per-request ratios, each the median of the ratios within each round (see
 * measure.ts): the paired cases of ours, ours against the references (PostgreSQL only),
 * and the token against one RS256 signature measured in the bench process that round.
 */
export interface Ratios {
  cd: number;
  ef: number;
  /** (b) / one RS256 signature. */
  tokenPerSignature: number;
  /** (e) / (g): our orders page against bare Apollo + pg. */
  eg?: number;
  /** (e) / (h): our orders page against the raw Fastify + pg route. */
  eh?: number;
  /** (c) / (i): `{ viewer { type } }` against bare Apollo's `{ hello }`. */
  ci?: number;
  /** (j) / one RS256 signature: the token floor, a bare Fastify route that parses, signs and answers. */
  floorPerSignature?: number;
  /** (b) / (j): our token against that floor. */
  bj?: number;
}

/** RSS under the bench per database: the embedded database's WASM memory is the server's on PGlite. */
const RSS_TARGET_MB = { postgresql: 250, pglite: 350 };

/** The targets of the benchmark issues; CPU per request is the stable figure on a shared 2-core machine. */
export function evaluateTargets(
  results: Measurement[],
  ratios: Ratios,
  startupSeconds: number,
  database: 'postgresql' | 'pglite',
  references: ReadonlySet<string>,
): TargetResult[] {
  const ours = results.filter((m) => !references.has(m.name));
  const peakRss = Math.max(...ours.map((m) => m.rssMB));
  const rssTarget = RSS_TARGET_MB[database];
  const failed = results.filter((m) => m.non2xx > 0 || m.errors > 0).map((m) => m.name);
  const times = (value: number) => `${value.toFixed(2)} ×`;
  const targets: TargetResult[] = [
    {
      name: '(b) client_credentials CPU per token ≤ 1.3 × one RS256 signature',
      met: ratios.tokenPerSignature <= 1.3,
      detail: times(ratios.tokenPerSignature),
    },
    { name: '(c) ≤ 1.4 × (d)', met: ratios.cd <= 1.4, detail: times(ratios.cd) },
    { name: '(e) ≤ 1.3 × (f)', met: ratios.ef <= 1.3, detail: times(ratios.ef) },
  ];
  if (ratios.eg !== undefined && ratios.eh !== undefined && ratios.ci !== undefined) {
    targets.push(
      { name: '(e) orders page ≤ 1.0 × bare Apollo + pg (g)', met: ratios.eg <= 1.0, detail: times(ratios.eg) },
      { name: '(e) orders page / raw Fastify + pg (h) (reported)', met: true, detail: times(ratios.eh) },
      { name: '(c) { viewer { type } } ≤ 1.2 × bare Apollo { hello } (i)', met: ratios.ci <= 1.2, detail: times(ratios.ci) },
    );
  }
  if (ratios.floorPerSignature !== undefined && ratios.bj !== undefined) {
    targets.push({
      name: '(j) token floor / one RS256 signature; (b) / (j) (reported)',
      met: true,
      detail: `${times(ratios.floorPerSignature)}; ${times(ratios.bj)}`,
    });
  }
  targets.push(
    { name: `RSS under load ≤ ${rssTarget} MB (${database})`, met: peakRss <= rssTarget, detail: `${peakRss} MB peak` },
    { name: 'first start to /healthz on PGlite ≤ 5 s', met: startupSeconds <= 5, detail: `${startupSeconds.toFixed(2)} s` },
    {
      name: 'every response 2xx',
      met: failed.length === 0,
      detail: failed.length ? `non-2xx in ${failed.join(', ')}` : 'all 2xx',
    },
  );
  return targets;
}
