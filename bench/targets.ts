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

/** CPU-per-request ratios of the paired cases, each the median of per-round ratios (see measure.ts). */
export interface Ratios {
  cd: number;
  ef: number;
}

/** The targets of the benchmark issue; CPU per request is the stable figure on a shared 2-core machine. */
export function evaluateTargets(results: Measurement[], ratios: Ratios, startupSeconds: number): TargetResult[] {
  const by = (name: string) => results.find((m) => m.name === name) as Measurement;
  const ratio = (a: 'c' | 'e') => (a === 'c' ? ratios.cd : ratios.ef);
  const peakRss = Math.max(...results.map((m) => m.rssMB));
  const failed = results.filter((m) => m.non2xx > 0 || m.errors > 0).map((m) => m.name);
  return [
    {
      name: '(b) client_credentials CPU per token ≤ 1.6 ms',
      met: by('b').cpuMsPerRequest <= 1.6,
      detail: `${by('b').cpuMsPerRequest.toFixed(3)} ms`,
    },
    { name: '(c) ≤ 1.4 × (d)', met: ratio('c') <= 1.4, detail: `${ratio('c').toFixed(2)} ×` },
    { name: '(e) ≤ 1.3 × (f)', met: ratio('e') <= 1.3, detail: `${ratio('e').toFixed(2)} ×` },
    { name: 'RSS under load ≤ 250 MB', met: peakRss <= 250, detail: `${peakRss} MB peak` },
    { name: 'first start to /healthz on PGlite ≤ 5 s', met: startupSeconds <= 5, detail: `${startupSeconds.toFixed(2)} s` },
    {
      name: 'every response 2xx',
      met: failed.length === 0,
      detail: failed.length ? `non-2xx in ${failed.join(', ')}` : 'all 2xx',
    },
  ];
}
