import { connect, createServer, type Server, type Socket } from 'node:net';
import { type Orm, openOrm } from '../../src/db/orm.js';
import { startTestApp, type TestApp } from './app.js';
import { createTestDatabase, type TestDatabase } from './db.js';

/**
 * A loopback TCP proxy put between the server and PostgreSQL, so a test can cut
 * the database away mid-load (`cut`) and bring it back (`restore`), or partition it
 * (`silence`): nothing is forwarded and nothing is reset, as when a network drops
 * packets, until `heal` delivers what was held, as TCP's retransmissions would.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private accepting = true;
  private silent = false;
  /** Writes (and connections) held back while silent, in order. */
  private held: Array<() => void> = [];
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Drops every open connection and refuses new ones until `restore`. */
  cut(): void {
    this.accepting = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.accepting = true;
  }

  /** Stops forwarding on every connection, open or new, without closing any. */
  silence(): void {
    this.silent = true;
  }

  /** Forwards again, starting with everything held while silent. */
  heal(): void {
    this.silent = false;
    const held = this.held;
    this.held = [];
    for (const deliver of held) deliver();
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    if (!this.accepting) {
      client.destroy();
      return;
    }
    this.sockets.add(client);
    const early: Buffer[] = [];
    const hold = (chunk: Buffer) => early.push(chunk);
    client.on('data', hold);
    client.on('error', () => client.destroy()).on('close', () => this.sockets.delete(client));
    const open = () => {
      if (client.destroyed) return;
      const upstream = connect(this.targetPort, this.targetHost);
      this.sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.off('data', hold);
      for (const chunk of early) upstream.write(chunk);
      this.forward(client, upstream);
      this.forward(upstream, client);
    };
    if (this.silent) this.held.push(open);
    else open();
  }

  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (this.silent) this.held.push(() => to.destroyed || to.write(chunk));
      else to.write(chunk);
    });
  }
}

export interface AppBehindProxy {
  /** The test app, whose ORM reaches PostgreSQL only through `proxy`. */
  t: TestApp;
  proxy: TcpProxy;
  /** The app's ORM (through the proxy). */
  orm: Orm;
  /** A direct connection to the same database, for checking rows while the proxy is cut. */
  db: TestDatabase;
  close(): Promise<void>;
}

/** A fresh PostgreSQL database, and the real app talking to it through a TCP proxy a test can cut. */
export async function startAppBehindProxy(): Promise<AppBehindProxy> {
  const db = await createTestDatabase();
  if (!db.databaseUrl) throw new Error('startAppBehindProxy needs TEST_DATABASE_URL (a PostgreSQL server to cut away)');
  const url = new URL(db.databaseUrl);
  const proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
  url.host = `127.0.0.1:${await proxy.start()}`;
  const orm = await openOrm({ databaseUrl: url.toString() });
  const t = await startTestApp({}, { orm, close: async () => undefined });
  return {
    t,
    proxy,
    orm,
    db,
    async close() {
      await t.close();
      await orm.close(true);
      await proxy.stop();
      await db.close();
    },
  };
}
