import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { generateSecret, sha256 } from '../../lib/secrets.js';
import { PushedRequest } from './pushed-request.entity.js';

/** RFC 9126 §2.2: a short lifetime; the browser must arrive within it. */
export const PUSHED_REQUEST_SECONDS = 60;
/** Once the browser arrived, how long the sign-in and consent may take. */
const FLOW_SECONDS = 600;
const URN = 'urn:ietf:params:oauth:request_uri:';

/** Stores validated authorization parameters; the `request_uri` exists in the return alone. */
export async function pushRequest(
  em: EntityManager,
  clientId: string,
  params: Record<string, string>,
): Promise<{ requestUri: string; expiresIn: number }> {
  const secret = generateSecret();
  em.create(PushedRequest, {
    requestUriHash: sha256(secret),
    client: clientId,
    params,
    expiresAt: new Date(Date.now() + PUSHED_REQUEST_SECONDS * 1000),
  });
  await em.flush();
  return { requestUri: `${URN}${secret}`, expiresIn: PUSHED_REQUEST_SECONDS };
}

function hashOf(requestUri: string): string | null {
  return requestUri.startsWith(URN) && requestUri.length <= URN.length + 100 ? sha256(requestUri.slice(URN.length)) : null;
}

/**
 * The parameters of a pushed request of this client that has not yielded a code yet:
 * within its lifetime, or within the sign-in time once the browser arrived (that arrival
 * is stamped here, by the database's clock). Null for anything else.
 */
export async function openPushedRequest(
  em: EntityManager,
  clientId: string,
  requestUri: string,
): Promise<Record<string, string> | null> {
  const hash = hashOf(requestUri);
  if (!hash) return null;
  const rows = await (em as unknown as SqlEntityManager).execute<{ params: Record<string, string> | string }[]>(
    `update pushed_authorization_request set started_at = coalesce(started_at, now())
      where request_uri_hash = ? and client_id = ? and used = false
        and (expires_at > now() or started_at > now() - make_interval(secs => ?))
      returning params`,
    [hash, clientId, FLOW_SECONDS],
  );
  const params = rows[0]?.params;
  if (params === undefined) return null;
  return typeof params === 'string' ? (JSON.parse(params) as Record<string, string>) : params;
}

/** Marks the request used as its code is issued; false when another browser or instance got there first. */
export async function consumePushedRequest(em: EntityManager, clientId: string, requestUri: string): Promise<boolean> {
  const hash = hashOf(requestUri);
  if (!hash) return false;
  const affected = await em.nativeUpdate(PushedRequest, { requestUriHash: hash, client: clientId, used: false }, { used: true });
  return affected === 1;
}
