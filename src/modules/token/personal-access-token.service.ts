import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod';
import { NotAllowedError, NotFoundError, PreconditionError } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { parseInput } from '../../lib/zod-errors.js';
import { ALL_SCOPE } from '../access/catalogue.js';
import { AppClient } from '../client/app-client.entity.js';
import { AccessToken } from './access-token.entity.js';

/** The first-party client `install` creates to issue personal access tokens (Passport's personal access client). */
export const PERSONAL_ACCESS_CLIENT_NAME = 'Personal access client';
export const PERSONAL_ACCESS_GRANT = 'personal_access';

const PERSONAL_ACCESS_CLIENT_MISSING = `personal access tokens are not set up: run "npm run cli -- install" to create the "${PERSONAL_ACCESS_CLIENT_NAME}"`;

export const personalTokenSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  scopes: z.array(z.string().min(1).max(100)).min(1, 'must name at least one scope').max(200),
  expiresInDays: z.number().int().min(1, 'must be at least 1').max(3650, 'must be at most 3650').nullish(),
});

export type PersonalTokenInput = z.input<typeof personalTokenSchema>;

/** What the calling token itself may pass on: a new token never holds more than the one creating it. */
export interface Grantor {
  userId: string;
  clientId: string;
  scopes: readonly string[];
  permissions: ReadonlySet<string>;
}

export interface PersonalTokenRequest {
  clientId: string;
  userId: string;
  name: string;
  scopes: string[];
  ttlSeconds: number;
}

/**
 * Checks a request for a personal access token and says which client issues it.
 * Only first-party tokens may mint them (a third-party app must not turn its
 * short-lived user token into a year-long one), and only within their own permissions.
 */
export async function preparePersonalToken(
  em: EntityManager,
  grantor: Grantor,
  input: PersonalTokenInput,
): Promise<PersonalTokenRequest> {
  const valid = parseInput(personalTokenSchema, input, 'input');
  const caller = await em.findOne(AppClient, { id: grantor.clientId });
  if (!caller?.firstParty) throw new NotAllowedError('personal access tokens can be created only through a first-party client');
  for (const scope of valid.scopes) {
    const allowed = scope === ALL_SCOPE ? grantor.scopes.includes(ALL_SCOPE) : grantor.permissions.has(scope);
    if (!allowed) throw new NotAllowedError(`scope "${scope}" is beyond what this token may grant`);
  }
  const issuer = await em.findOne(
    AppClient,
    { name: PERSONAL_ACCESS_CLIENT_NAME, firstParty: true },
    { orderBy: { createdAt: 'asc' } },
  );
  if (!issuer) throw new PreconditionError(PERSONAL_ACCESS_CLIENT_MISSING);
  return {
    clientId: issuer.id,
    userId: grantor.userId,
    name: valid.name,
    scopes: [...new Set(valid.scopes)],
    ttlSeconds: (valid.expiresInDays ?? 365) * 86_400,
  };
}

/** A user's live personal access tokens (metadata only), newest first. */
export function listPersonalAccessTokens(em: EntityManager, userId: string): Promise<AccessToken[]> {
  return em.find(
    AccessToken,
    { user: userId, grantType: PERSONAL_ACCESS_GRANT, revoked: false, expiresAt: { $gt: new Date() } },
    { orderBy: { createdAt: 'desc', id: 'desc' }, filters: false },
  );
}

/** One of the user's own personal access tokens; anyone else's is "not found". */
export async function findPersonalAccessToken(em: EntityManager, userId: string, id: string): Promise<AccessToken> {
  const token = isUuid(id)
    ? await em.findOne(AccessToken, { id, user: userId, grantType: PERSONAL_ACCESS_GRANT }, { filters: false })
    : null;
  if (!token) throw new NotFoundError('personal access token', id);
  return token;
}

/** The server was never `install`ed: there is no client to issue personal access tokens. */
