import { generateKeyPairSync, sign } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import { fastifyFormbody } from '@fastify/formbody';
import DataLoader from 'dataloader';
import Fastify from 'fastify';
import pg from 'pg';
import { signingInput } from './token-shape.js';

/**
 * The references of `npm run bench`, in their own process so that their CPU time is
 * their own: what a hand-written server costs for the same data, with nothing of ours.
 * On one Fastify instance:
 * - `POST /graphql`: a bare Apollo Server 5 (its defaults, through @as-integrations/fastify
 *   as ours is mounted): the same `orders(first: 50)` page as ours, read with node-postgres
 *   — the page and its count, customers batch-loaded per request by DataLoader — no ORM,
 *   no authentication, no shield; and `{ hello }`.
 * - `GET /orders`: the raw limit, one statement (the page joined with its customers and
 *   the total by a window function) answered as the same JSON.
 * - `POST /oauth/token`: the token floor — a form body parsed by @fastify/formbody, an
 *   access token of our tokens' size signed RS256 (node:crypto, a 2048-bit key imported
 *   once, on the event loop as ours) and the JSON answer with `Cache-Control: no-store`;
 *   no client authentication, no record, no audit, no hooks. What a Fastify server pays
 *   per token besides the signature, so the token target can be read against it.
 * - `GET /usage`: `process.cpuUsage()` and `process.memoryUsage()`, as the bench server's.
 * Reads DATABASE_URL (the bench server's seeded database); prints one JSON line with its URL.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const typeDefs = `#graphql
  enum OrderStatus { PENDING PAID SHIPPED CANCELLED }
  type Customer { id: ID! name: String! email: String }
  type Order { id: ID! reference: String! status: OrderStatus! totalCents: Int! customer: Customer }
  type OrderEdge { cursor: String! node: Order! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type OrderConnection { edges: [OrderEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type Query { hello: String! orders(first: Int = 20): OrderConnection }
`;

interface OrderRow {
  id: string;
  reference: string;
  status: string;
  total_cents: number;
  customer_id: string;
  created_at: Date;
}
interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
}
interface Context {
  customers: DataLoader<string, CustomerRow | null>;
}

const cursorOf = (row: OrderRow) => Buffer.from(`${row.created_at.toISOString()}|${row.id}`).toString('base64url');

const resolvers = {
  Query: {
    hello: () => 'world',
    async orders(_: unknown, args: { first: number }) {
      const first = Math.min(Math.max(args.first, 0), 100);
      const [page, count] = await Promise.all([
        pool.query<OrderRow>(
          'select id, reference, status, total_cents, customer_id, created_at from orders order by created_at, id limit $1',
          [first + 1],
        ),
        pool.query<{ count: string }>('select count(*) from orders'),
      ]);
      const rows = page.rows.slice(0, first);
      return {
        edges: rows.map((row) => ({ cursor: cursorOf(row), node: row })),
        pageInfo: { hasNextPage: page.rows.length > first, endCursor: rows.length ? cursorOf(rows[rows.length - 1]) : null },
        totalCount: Number(count.rows[0].count),
      };
    },
  },
  Order: {
    status: (row: OrderRow) => row.status.toUpperCase(),
    totalCents: (row: OrderRow) => row.total_cents,
    customer: (row: OrderRow, _: unknown, context: Context) => context.customers.load(row.customer_id),
  },
};

async function loadCustomers(ids: readonly string[]): Promise<(CustomerRow | null)[]> {
  const { rows } = await pool.query<CustomerRow>('select id, name, email from customer where id = any($1)', [ids]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

const RAW_ORDERS = `
  select o.id, o.reference, o.status, o.total_cents, o.created_at, c.id as customer_id, c.name, c.email,
         count(*) over () as total
  from orders o join customer c on c.id = o.customer_id
  order by o.created_at, o.id limit 50`;

const app = Fastify({ logger: false });
const apollo = new ApolloServer<Context>({ typeDefs, resolvers });
await apollo.start();
await app.register(fastifyApollo(apollo), {
  context: async () => ({ customers: new DataLoader(loadCustomers) }),
});
app.get('/orders', async () => {
  const { rows } = await pool.query(RAW_ORDERS);
  return {
    totalCount: rows.length ? Number(rows[0].total) : 0,
    orders: rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      status: row.status.toUpperCase(),
      totalCents: row.total_cents,
      customer: { id: row.customer_id, name: row.name, email: row.email },
    })),
  };
});
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
await app.register(fastifyFormbody);
app.post<{ Body: Record<string, string> }>('/oauth/token', async (request, reply) => {
  const input = signingInput();
  const token = `${input}.${sign('sha256', Buffer.from(input), signingKey).toString('base64url')}`;
  reply.header('cache-control', 'no-store');
  return {
    token_type: 'Bearer',
    expires_in: 3600,
    access_token: token,
    scope: request.body.scope ?? 'customers.view orders.view',
  };
});
app.get('/usage', async () => ({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss, memory: process.memoryUsage() }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ url }));

async function shutdown(): Promise<void> {
  await app.close();
  await apollo.stop();
  await pool.end();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
