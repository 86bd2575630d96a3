import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { ACCESS_TOKEN_ALGORITHMS, type AccessTokenAlgorithm } from './auth/jwt.js';

/** Durations are given in seconds (`3600`) or with a unit (`15m`, `1h`, `30d`). */
const duration = z
  .string()
  .trim()
  .regex(/^\d+[smhd]?$/, 'must be seconds or a number with s, m, h or d (e.g. 3600, 15m, 1h, 30d)')
  .transform((value) => {
    const amount = Number.parseInt(value, 10);
    const unit = value.at(-1);
    const factor = unit === 'm' ? 60 : unit === 'h' ? 3600 : unit === 'd' ? 86400 : 1;
    return amount * factor;
  })
  .refine((seconds) => seconds > 0, 'must be greater than zero');

/** Like {@link duration}, but `0` (off) is allowed. */
const durationOrZero = z
  .string()
  .trim()
  .regex(/^\d+[smhd]?$/, 'must be seconds or a number with s, m, h or d (e.g. 10, 10s, 1m)')
  .transform((value) => {
    const amount = Number.parseInt(value, 10);
    const unit = value.at(-1);
    return amount * (unit === 'm' ? 60 : unit === 'h' ? 3600 : unit === 'd' ? 86400 : 1);
  });

const pem = (kind: 'PRIVATE' | 'PUBLIC') =>
  z
    .string()
    .transform((value) => value.replace(/\\n/g, '\n').trim())
    .refine((value) => value.includes(`-----BEGIN ${kind} KEY-----`) || value.includes(`-----BEGIN RSA ${kind} KEY-----`), {
      message: `must be a PEM ${kind.toLowerCase()} key (-----BEGIN ${kind} KEY-----)`,
    });

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A duration, or `off` (any case) for a periodic job or a retention that is switched off. */
const durationOrOff = z.union([
  z
    .string()
    .trim()
    .regex(/^off$/i)
    .transform(() => null),
  duration,
]);

/** `key=value,key2=value2`, values percent-encoded (the OTLP exporter specification's format). */
const otlpHeaders = z.string().transform((value, ctx) => {
  const headers: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at).trim().toLowerCase();
    if (at < 1 || !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
      ctx.addIssue({ code: 'custom', message: 'must be key=value pairs separated by commas' });
      return z.NEVER;
    }
    try {
      headers[key] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      ctx.addIssue({ code: 'custom', message: `the value of ${key} is not percent-encoded` });
      return z.NEVER;
    }
  }
  return headers;
});

/** RFC 8707 §2: a resource indicator is an absolute URI without a fragment. */
const resourceList = z.string().transform((value, ctx) => {
  const resources = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const resource of resources) {
    if (!URL.canParse(resource) || resource.includes('#')) {
      ctx.addIssue({ code: 'custom', message: `"${resource}" is not an absolute URI without a fragment` });
      return z.NEVER;
    }
  }
  return resources;
});

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    ISSUER: optional(z.url({ protocol: /^https?$/ })),
    DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/ })),
    PGLITE_DIR: z.string().min(1).default('./data/pglite'),
    BOOTSTRAP_ADMIN_EMAIL: z.email().default('admin@example.com'),
    PASSPORT_PRIVATE_KEY: optional(pem('PRIVATE')),
    PASSPORT_PUBLIC_KEY: optional(pem('PUBLIC')),
    PASSPORT_PREVIOUS_PUBLIC_KEYS: optional(z.string()),
    ACCESS_TOKEN_ALG: z.enum(ACCESS_TOKEN_ALGORITHMS).default('RS256'),
    ACCESS_TOKEN_PRIVATE_KEY: optional(pem('PRIVATE')),
    ACCESS_TOKEN_PUBLIC_KEY: optional(pem('PUBLIC')),
    TOKEN_AUDIENCE: optional(z.string().min(1)),
    RESOURCES: optional(resourceList),
    ACCESS_TOKEN_TTL: optional(duration),
    REFRESH_TOKEN_TTL: optional(duration),
    REFRESH_TOKEN_REUSE_GRACE: optional(durationOrZero.refine((seconds) => seconds <= 60, 'must be at most 60s')),
    LOGIN_ATTRIBUTES: z
      .string()
      .default('email')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(['email', 'phone'])).min(1, 'must name at least one of email, phone')),
    DPOP_NONCE_REQUIRED: z.enum(['true', 'false']).default('false'),
    RATE_LIMIT_MAX_FAILURES: positiveInt(10),
    RATE_LIMIT_WINDOW: optional(duration),
    METRICS_HOST: optional(z.string().min(1)),
    METRICS_PORT: optional(z.coerce.number().int().min(0).max(65535)),
    TOKEN_PURGE_INTERVAL: optional(durationOrOff),
    TOKEN_RETENTION: optional(duration),
    AUDIT_RETENTION: optional(durationOrOff),
    OTEL_EXPORTER_OTLP_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional(z.url({ protocol: /^https?$/ })),
    OTEL_EXPORTER_OTLP_HEADERS: optional(otlpHeaders),
    OTEL_SERVICE_NAME: z.string().min(1).default('core-api'),
    OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
  })
  .refine((env) => Boolean(env.PASSPORT_PRIVATE_KEY) === Boolean(env.PASSPORT_PUBLIC_KEY), {
    path: ['PASSPORT_PUBLIC_KEY'],
    message: 'PASSPORT_PRIVATE_KEY and PASSPORT_PUBLIC_KEY must be set together',
  })
  .refine((env) => Boolean(env.ACCESS_TOKEN_PRIVATE_KEY) === Boolean(env.ACCESS_TOKEN_PUBLIC_KEY), {
    path: ['ACCESS_TOKEN_PUBLIC_KEY'],
    message: 'ACCESS_TOKEN_PRIVATE_KEY and ACCESS_TOKEN_PUBLIC_KEY must be set together',
  })
  .refine((env) => env.ACCESS_TOKEN_ALG !== 'RS256' || !env.ACCESS_TOKEN_PRIVATE_KEY, {
    path: ['ACCESS_TOKEN_PRIVATE_KEY'],
    message:
      'only for ACCESS_TOKEN_ALG=ES256 or EdDSA (RS256 signs with PASSPORT_PRIVATE_KEY); to keep its tokens verifiable, move ACCESS_TOKEN_PUBLIC_KEY into PASSPORT_PREVIOUS_PUBLIC_KEYS',
  })
  .refine((env) => !env.METRICS_HOST || env.METRICS_PORT !== undefined, {
    path: ['METRICS_PORT'],
    message: 'required when METRICS_HOST is set (metrics are off unless METRICS_PORT is set)',
  })
  .refine((env) => !env.AUDIT_RETENTION || env.AUDIT_RETENTION >= (env.RATE_LIMIT_WINDOW ?? 900), {
    path: ['AUDIT_RETENTION'],
    message: 'must be at least RATE_LIMIT_WINDOW: failed attempts are counted from the audit events',
  });

export type LoginAttribute = 'email' | 'phone';

/** A first-party client reachable through `/clients/:name/*` (Apiato's proxy). */
export interface ProxyClient {
  name: string;
  id: string;
  secret: string;
  /** Browser origins allowed to call its routes with credentials (`CLIENT_<NAME>_ORIGINS`). */
  origins: string[];
}

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  host: string;
  port: number;
  issuer: string;
  databaseUrl?: string;
  pgliteDir: string;
  /** The email of the admin user created on an empty database. */
  bootstrapAdminEmail: string;
  /**
   * `privateKey`/`publicKey`: the RSA pair (PASSPORT_*), which signs ID tokens, and access
   * tokens under RS256. `accessToken`: the ES256 or EdDSA pair of `accessTokenAlgorithm`.
   * `previousPublicKeys`: retired public keys of any algorithm, still verifiable.
   */
  keys?: {
    privateKey: string;
    publicKey: string;
    previousPublicKeys: string[];
    accessToken?: { privateKey: string; publicKey: string };
  };
  /** `ACCESS_TOKEN_ALG`: what access tokens are signed with (default RS256). */
  accessTokenAlgorithm: AccessTokenAlgorithm;
  tokenAudience: string;
  /**
   * RFC 8707 resource indicators a client may name: the GraphQL resource
   * (`<issuer>/graphql`) first, then the APIs of `RESOURCES`. A token aimed at one has it as `aud`.
   */
  resources: string[];
  accessTokenTtl: number;
  refreshTokenTtl: number;
  /** Seconds after its first use during which the same client may present a refresh token again; 0 = never. */
  refreshTokenReuseGrace: number;
  loginAttributes: LoginAttribute[];
  /** RFC 9449: whether every DPoP proof must carry a current server nonce (§8, §9). */
  dpop: { nonceRequired: boolean };
  proxyClients: Map<string, ProxyClient>;
  rateLimit: { maxFailures: number; windowSeconds: number };
  /** The Prometheus listener; undefined when metrics are off. */
  metrics?: { host: string; port: number };
  purge: {
    /** Seconds between purges in the server; null: no periodic purge. */
    intervalSeconds: number | null;
    /** Expired or revoked tokens are kept this long (seconds) before they are deleted. */
    tokenRetentionSeconds: number;
    /** Audit events older than this (seconds) are deleted; null: kept for ever. */
    auditRetentionSeconds: number | null;
  };
  /** OpenTelemetry traces over OTLP/HTTP; undefined when no endpoint is set. */
  tracing?: { endpoint: string; serviceName: string; headers: Record<string, string> };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads `.env` beneath the real environment; the real environment wins. */
export function readEnvironment(envFile = '.env', env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parseDotenv(readFileSync(envFile)) : {};
  return { ...fromFile, ...env };
}

/**
 * Validates the environment once into a typed object. Throws a {@link ConfigError}
 * whose message names the first bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = readEnvironment()): Config {
  const parsed = schema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue.path.join('.') || 'environment';
    throw new ConfigError(`${variable}: ${issue.message}`);
  }
  const value = parsed.data;
  const issuer = (value.ISSUER ?? `http://${value.HOST}:${value.PORT}`).replace(/\/$/, '');
  return {
    env: value.NODE_ENV,
    logLevel: value.LOG_LEVEL,
    host: value.HOST,
    port: value.PORT,
    issuer,
    databaseUrl: value.DATABASE_URL,
    pgliteDir: value.PGLITE_DIR,
    bootstrapAdminEmail: value.BOOTSTRAP_ADMIN_EMAIL,
    keys:
      value.PASSPORT_PRIVATE_KEY && value.PASSPORT_PUBLIC_KEY
        ? {
            privateKey: value.PASSPORT_PRIVATE_KEY,
            publicKey: value.PASSPORT_PUBLIC_KEY,
            previousPublicKeys: parsePreviousKeys(value.PASSPORT_PREVIOUS_PUBLIC_KEYS),
            ...(value.ACCESS_TOKEN_PRIVATE_KEY && value.ACCESS_TOKEN_PUBLIC_KEY
              ? { accessToken: { privateKey: value.ACCESS_TOKEN_PRIVATE_KEY, publicKey: value.ACCESS_TOKEN_PUBLIC_KEY } }
              : {}),
          }
        : undefined,
    accessTokenAlgorithm: value.ACCESS_TOKEN_ALG,
    tokenAudience: value.TOKEN_AUDIENCE ?? issuer,
    resources: [...new Set([`${issuer}/graphql`, ...(value.RESOURCES ?? [])])],
    accessTokenTtl: value.ACCESS_TOKEN_TTL ?? 3600,
    refreshTokenTtl: value.REFRESH_TOKEN_TTL ?? 30 * 86400,
    refreshTokenReuseGrace: value.REFRESH_TOKEN_REUSE_GRACE ?? 10,
    loginAttributes: value.LOGIN_ATTRIBUTES,
    dpop: { nonceRequired: value.DPOP_NONCE_REQUIRED === 'true' },
    proxyClients: parseProxyClients(env),
    rateLimit: { maxFailures: value.RATE_LIMIT_MAX_FAILURES, windowSeconds: value.RATE_LIMIT_WINDOW ?? 900 },
    metrics: value.METRICS_PORT === undefined ? undefined : { host: value.METRICS_HOST ?? '127.0.0.1', port: value.METRICS_PORT },
    purge: {
      intervalSeconds: value.TOKEN_PURGE_INTERVAL === undefined ? 3600 : value.TOKEN_PURGE_INTERVAL,
      tokenRetentionSeconds: value.TOKEN_RETENTION ?? 7 * 86400,
      auditRetentionSeconds: value.AUDIT_RETENTION === undefined ? 90 * 86400 : value.AUDIT_RETENTION,
    },
    tracing: tracingConfig(value),
  };
}

/**
 * The standard OTLP variables: the traces endpoint is used as given, the general one
 * gets `/v1/traces` appended (the OTLP/HTTP specification's rule).
 */
function tracingConfig(value: z.output<typeof schema>): Config['tracing'] {
  if (value.OTEL_SDK_DISABLED === 'true') return undefined;
  const endpoint =
    value.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (value.OTEL_EXPORTER_OTLP_ENDPOINT ? `${value.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` : undefined);
  return endpoint
    ? { endpoint, serviceName: value.OTEL_SERVICE_NAME, headers: value.OTEL_EXPORTER_OTLP_HEADERS ?? {} }
    : undefined;
}

/** Previous public keys are PEMs separated by blank lines or `,`, newlines escaped or not. */
function parsePreviousKeys(raw: string | undefined): string[] {
  if (!raw) return [];
  const text = raw.replace(/\\n/g, '\n');
  const keys = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  if (keys.length === 0) throw new ConfigError('PASSPORT_PREVIOUS_PUBLIC_KEYS: must hold one or more PEM public keys');
  return keys;
}

/** `CLIENT_<NAME>_ID` / `CLIENT_<NAME>_SECRET` pairs; `web` and `mobile` are the documented ones. */
function parseProxyClients(env: Record<string, string | undefined>): Map<string, ProxyClient> {
  const clients = new Map<string, ProxyClient>();
  for (const [key, id] of Object.entries(env)) {
    const match = /^CLIENT_([A-Z0-9_]+)_ID$/.exec(key);
    if (!match || !id) continue;
    const secret = env[`CLIENT_${match[1]}_SECRET`];
    if (!secret) throw new ConfigError(`CLIENT_${match[1]}_SECRET: required when ${key} is set`);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ConfigError(`${key}: must be an app client id (UUID)`);
    const name = match[1].toLowerCase().replace(/_/g, '-');
    clients.set(name, {
      name,
      id,
      secret,
      origins: parseOrigins(`CLIENT_${match[1]}_ORIGINS`, env[`CLIENT_${match[1]}_ORIGINS`]),
    });
  }
  return clients;
}

/** Comma-separated origins, each exactly as a browser sends it (`https://app.example.com`, no path). */
function parseOrigins(variable: string, raw: string | undefined): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const origin of origins) {
    const url = URL.canParse(origin) ? new URL(origin) : null;
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin)
      throw new ConfigError(`${variable}: "${origin}" is not an origin (scheme://host[:port], no path or trailing slash)`);
  }
  return origins;
}

/** `PORT=` in a .env means "not set", as in most tools, not "the empty string" (which coerces to port 0). */
function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}
