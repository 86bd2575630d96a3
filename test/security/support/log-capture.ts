import { Writable } from 'node:stream';

/**
 * Collects every line the server logs (pino writes one JSON document per line), so a
 * test can search the whole stream afterwards.
 */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line);
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  /** Parsed entries at or above a pino level (30 info, 40 warn, 50 error). */
  entries(minLevel = 0): Record<string, unknown>[] {
    return this.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => Number(entry.level) >= minLevel);
  }
}
