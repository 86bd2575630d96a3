import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchCases, type ServerInfo } from './cases.js';
import { startServer, stopServer } from './harness.js';
import { measure, median } from './measure.js';
import type { Measurement } from './targets.js';

export interface TracingFigures {
  /** Per case: CPU ms per request without an endpoint (tracing off: no hook installed) and with one. */
  cases: { name: string; label: string; offCpuMs: number; onCpuMs: number; offRps: number; onRps: number; ratio: number }[];
  spansReceived: number;
  exportBytes: number;
}

/**
 * What tracing costs: a second bench server with OTEL_EXPORTER_OTLP_ENDPOINT pointing
 * at a loopback OTLP receiver (which counts and discards), driven with the same cases
 * as the untraced one, alternating round by round; the ratio is the median of the
 * per-round CPU-per-request ratios.
 */
export async function measureTracing(untraced: ServerInfo, rounds: number, seconds: number): Promise<TracingFigures> {
  let spansReceived = 0;
  let exportBytes = 0;
  const receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      exportBytes += body.length;
      spansReceived += (body.match(/"spanId"/g) ?? []).length;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const { child, info: traced } = await startServer({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, BENCH_PGLITE_DIR: '' });
  try {
    const pick = (info: ServerInfo) => benchCases(info).filter((benchCase) => ['b', 'c', 'e'].includes(benchCase.name));
    for (const benchCase of pick(traced)) await measure(benchCase, Math.min(3, seconds)); // warm-up
    const off: Measurement[][] = [];
    const on: Measurement[][] = [];
    for (let round = 0; round < rounds; round++) {
      const offRow: Measurement[] = [];
      const onRow: Measurement[] = [];
      for (const [index, benchCase] of pick(untraced).entries()) {
        offRow.push(await measure(benchCase, seconds / rounds));
        onRow.push(await measure(pick(traced)[index], seconds / rounds));
      }
      off.push(offRow);
      on.push(onRow);
    }
    const cases = pick(untraced).map((benchCase, index) => ({
      name: benchCase.name,
      label: benchCase.label,
      offCpuMs: median(off.map((row) => row[index].cpuMsPerRequest)),
      onCpuMs: median(on.map((row) => row[index].cpuMsPerRequest)),
      offRps: Math.round(median(off.map((row) => row[index].requestsPerSecond))),
      onRps: Math.round(median(on.map((row) => row[index].requestsPerSecond))),
      ratio: Number(median(off.map((row, r) => on[r][index].cpuMsPerRequest / row[index].cpuMsPerRequest)).toFixed(2)),
    }));
    return { cases, spansReceived, exportBytes };
  } finally {
    await stopServer(child);
    receiver.close();
  }
}
