import type { BenchCase } from './cases.js';
import { drive, usage } from './harness.js';
import type { Measurement } from './targets.js';

/** One run of one case: autocannon's figures and the server's own CPU time and peak RSS meanwhile. */
export async function measure(benchCase: BenchCase, seconds: number): Promise<Measurement> {
  let peakRss = 0;
  const sampler = setInterval(async () => {
    peakRss = Math.max(peakRss, (await usage(benchCase.usageUrl)).rss);
  }, 250);
  const before = await usage(benchCase.usageUrl);
  const result = await drive(benchCase, seconds);
  const after = await usage(benchCase.usageUrl);
  clearInterval(sampler);
  const cpuMicros = after.cpu.user + after.cpu.system - (before.cpu.user + before.cpu.system);
  const requests = result.requests.total;
  return {
    name: benchCase.name,
    label: benchCase.label,
    requestsPerSecond: Math.round(requests / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuMsPerRequest: Number((cpuMicros / 1000 / Math.max(requests, 1)).toFixed(3)),
    rssMB: Math.round(Math.max(peakRss, after.rss) / 2 ** 20),
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * The rounds of one case as one row: CPU per request and p50 are the rounds' medians
 * (other helpers' load comes and goes on a shared machine), p99 and RSS the worst
 * round, requests and errors the sums.
 */
export function combineRounds(rounds: Measurement[], seconds: number): Measurement {
  const requests = rounds.reduce((sum, m) => sum + m.requests, 0);
  return {
    ...rounds[0],
    requestsPerSecond: Math.round(requests / seconds),
    p50Ms: median(rounds.map((m) => m.p50Ms)),
    p99Ms: Math.max(...rounds.map((m) => m.p99Ms)),
    cpuMsPerRequest: Number(median(rounds.map((m) => m.cpuMsPerRequest)).toFixed(3)),
    rssMB: Math.max(...rounds.map((m) => m.rssMB)),
    requests,
    non2xx: rounds.reduce((sum, m) => sum + m.non2xx, 0),
    errors: rounds.reduce((sum, m) => sum + m.errors, 0),
  };
}

/** The ratio of two cases' CPU per request, taken within each round (adjacent runs) and then the median. */
export function roundRatio(rounds: Measurement[][], a: string, b: string): number {
  const cpu = (round: Measurement[], name: string) => (round.find((m) => m.name === name) as Measurement).cpuMsPerRequest;
  return median(rounds.map((round) => cpu(round, a) / cpu(round, b)));
}
