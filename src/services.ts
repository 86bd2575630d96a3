import { AuthState } from './auth/auth-state.js';
import { Authenticator } from './auth/authenticator.js';
import { DpopNonces } from './auth/dpop-nonce.js';
import { DpopProofs } from './auth/dpop-proof.js';
import { FailureLimiter } from './auth/failure-limiter.js';
import { loadSigningKeys, type SigningKeys } from './auth/jwt.js';
import { TokenIssuer } from './auth/token-issuer.js';
import { TokenRevoker } from './auth/token-revoker.js';
import { VerifiedSecrets } from './auth/verified-secrets.js';
import type { Config } from './config.js';
import { createInvalidationBus, type NotificationBus } from './db/notifications.js';
import type { Orm } from './db/orm.js';
import { SpentJtis } from './modules/client/spent-jti.repository.js';
import { IssuedTokenWriter } from './modules/token/issued-token.writer.js';
import { Metrics } from './ops/metrics.js';
import { startTracing, type Tracing } from './ops/tracing.js';
import { watchServices } from './ops/watch-services.js';

/**
 * The long-lived collaborators of one server instance, built once in `buildApp`
 * and handed to the HTTP layers (OAuth routes, GraphQL). Nothing here is per request.
 */
export interface Services {
  config: Config;
  orm: Orm;
  keys: SigningKeys;
  /** Publish after commit on every change to clients, users, roles, permissions or tokens. */
  invalidation: NotificationBus;
  /** Cached token/client/user/permission state (warm path without database). */
  state: AuthState;
  /** Bearer or DPoP token → Principal, or AuthenticationError. */
  authenticator: Authenticator;
  /** RFC 9449 proof checks (token endpoint and resources). */
  dpop: DpopProofs;
  /** Single-use `jti`s of client assertions and DPoP proofs, on every instance. */
  spentJtis: SpentJtis;
  /** Server nonces, when `DPOP_NONCE_REQUIRED` is on; null otherwise (none are issued). */
  dpopNonces: DpopNonces | null;
  /** Issues access and refresh tokens (grants, personal access tokens). */
  tokens: TokenIssuer;
  /** Revokes tokens and tells every instance. */
  revoker: TokenRevoker;
  /** Brute-force limits on failed client authentication and logins. */
  rateLimits: FailureLimiter;
  verifiedSecrets: VerifiedSecrets;
  /** The Prometheus series; served only when METRICS_PORT is set. */
  metrics: Metrics;
  /** OpenTelemetry, when an OTLP endpoint is configured. */
  tracing?: Tracing;
  close(): Promise<void>;
}

interface ServiceLogger {
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

export async function createServices(
  config: Config,
  orm: Orm,
  log?: ServiceLogger,
  options: { listenUrl?: string } = {},
): Promise<Services> {
  const keys = await loadSigningKeys(config);
  const metrics = new Metrics({ processMetrics: Boolean(config.metrics) });
  const tracing = config.tracing ? startTracing(config.tracing) : undefined;
  const invalidation = await createInvalidationBus(orm, { log, listenUrl: options.listenUrl });
  const state = new AuthState(orm, invalidation, config.accessTokenTtl);
  const verifiedSecrets = new VerifiedSecrets(config.accessTokenTtl);
  state.onClientChange((clientId) => verifiedSecrets.forget(clientId));
  watchServices(metrics, { orm, state, invalidation });
  const dpopNonces = config.dpop.nonceRequired && config.keys ? new DpopNonces(config.keys.privateKey) : null;
  const dpop = new DpopProofs(dpopNonces);
  const spentJtis = new SpentJtis(orm);
  return {
    config,
    orm,
    keys,
    invalidation,
    state,
    authenticator: new Authenticator(keys, state, config, dpop, (input) => spentJtis.spend(orm.em, input)),
    dpop,
    spentJtis,
    dpopNonces,
    tokens: new TokenIssuer(keys, config, new IssuedTokenWriter(orm), (grant) => metrics.tokenIssued(grant)),
    revoker: new TokenRevoker(invalidation),
    rateLimits: new FailureLimiter(orm, config.rateLimit, (event) =>
      metrics.authenticationFailed(
        event === 'blocked' ? 'rate_limited' : event,
        event === 'blocked' ? 'too_many_attempts' : 'invalid_credentials',
      ),
    ),
    verifiedSecrets,
    metrics,
    tracing,
    async close() {
      state.close();
      await invalidation.close();
      await tracing?.shutdown();
    },
  };
}
