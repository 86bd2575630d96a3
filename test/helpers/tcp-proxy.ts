import { connect, createServer, type Server, type Socket } from 'node:net';
import { type Orm, openOrm } from '../../src/db/orm.js';
import { startTestApp, type TestApp } from './app.js';
import { createTestDatabase, type TestDatabase } from './db.js';

/**
 * A loopback TCP proxy put between the server and PostgreSQL, so a test can cut
 * the database away mid-load (`cut`) and bring it back (`restore`).
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private accepting = true;
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

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    if (!this.accepting) {
      client.destroy();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    this.sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
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
