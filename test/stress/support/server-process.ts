import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { SERVER_FLAGS } from '../../../bench/harness.js';

/**
 * The real server in a child process, started the way `npm start` starts it: built
 * (`npm run build`), then `node dist/src/main.js` with no npm in between, so a signal
 * reaches it directly.
 */
export class ServerProcess {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(
    readonly port: number,
    env: Record<string, string>,
  ) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
    this.child = spawn(process.execPath, [...SERVER_FLAGS, 'dist/src/main.js'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr])
      stream?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Waits until /healthz answers 200 (migrations and key loading done). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const status = await fetch(`${this.url}/healthz`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      if (this.child.exitCode !== null) throw new Error(`the server exited during start:\n${this.output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the server did not start within ${timeoutMs} ms:\n${this.output.join('')}`);
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Ends the process if a test left it running (by its own pid). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A request whose body is sent in two halves: `finish()` sends the second; `response` settles after. */
export function slowRequest(
  url: string,
  headers: Record<string, string>,
  body: string,
): { finish(): void; response: Promise<{ status: number; body: string }> } {
  const payload = Buffer.from(body);
  const half = Math.floor(payload.length / 2);
  let finish: () => void = () => undefined;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(payload.length) } },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    outgoing.on('error', reject);
    outgoing.write(payload.subarray(0, half));
    outgoing.flushHeaders();
    finish = () => {
      outgoing.end(payload.subarray(half));
    };
  });
  return { finish: () => finish(), response };
}
