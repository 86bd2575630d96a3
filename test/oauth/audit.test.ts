import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  basicAuth,
  clientCredentialsToken,
  createTestClient,
  createTestUser,
  passwordToken,
  pastRefreshGrace,
  refreshRequest,
  type TestClient,
  type TestUser,
  tokenRequest,
} from '../helpers/tokens.js';

describe('audit events of the token side', () => {
  let t: TestApp;
  let machine: TestClient;
  let portal: TestClient;
  let user: TestUser;
  const secrets: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    machine = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
    portal = await createTestClient(t, { grantTypes: ['password'], firstParty: true });
    user = await createTestUser(t, { permissions: ['customers.view'] });
    secrets.push(machine.secret!, portal.secret!, user.password);
  });
  afterAll(() => t.close());

  const events = (action: string) => t.orm.em.fork().find(AuditEvent, { action }, { orderBy: { createdAt: 'asc' } });

  it('records issued tokens with client, user, grant and scopes', async () => {
    const cc = await clientCredentialsToken(t, machine.id, machine.secret!);
    const pw = await passwordToken(t, { client: portal, username: user.email, password: user.password });
    secrets.push(cc.access_token, pw.access_token, pw.refresh_token!);
    const issued = await events('token.issued');
    expect(issued.map((event) => event.details)).toEqual([
      { clientId: machine.id, userId: null, grantType: 'client_credentials', scopes: ['orders.view'] },
      { clientId: portal.id, userId: user.id, grantType: 'password', scopes: ['*'] },
    ]);
    expect(issued[1]).toMatchObject({ actorType: 'user', actorId: user.id, targetType: 'access_token', ip: '127.0.0.1' });
  });

  it('records failed client authentication and failed logins', async () => {
    await tokenRequest(t, { grant_type: 'client_credentials' }, { authorization: basicAuth(machine.id, 'wrong-secret') });
    await tokenRequest(t, {
      grant_type: 'password',
      client_id: portal.id,
      client_secret: portal.secret!,
      username: user.email,
      password: 'wrong password',
    });
    expect(await events('client.authentication_failed')).toMatchObject([
      {
        targetType: 'client',
        targetId: machine.id,
        ip: '127.0.0.1',
        details: { method: 'client_secret_basic', reason: 'wrong secret' },
      },
    ]);
    expect(await events('login.failed')).toMatchObject([
      { actorType: 'client', actorId: portal.id, targetType: 'username', targetId: user.email, details: { clientId: portal.id } },
    ]);
  });

  it('records revocations and refresh-token reuse', async () => {
    const first = await passwordToken(t, { client: portal, username: user.email, password: user.password });
    const second = (await (await refreshRequest(t, portal, first.refresh_token!)).json()) as {
      refresh_token: string;
      access_token: string;
    };
    secrets.push(first.access_token, first.refresh_token!, second.access_token, second.refresh_token);
    await pastRefreshGrace(t);
    await refreshRequest(t, portal, first.refresh_token!);
    const [reuse] = await events('refresh_token.reuse_detected');
    expect(reuse).toMatchObject({
      actorType: 'client',
      actorId: portal.id,
      details: { reason: 'refresh_token_reuse', count: 2 },
    });

    await fetch(`${t.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(machine.id, machine.secret!) },
      body: new URLSearchParams({ token: (await clientCredentialsToken(t, machine.id, machine.secret!)).access_token }),
    });
    expect(await events('token.revoked')).toMatchObject([
      { actorId: machine.id, details: { reason: 'revocation_endpoint', count: 1 } },
    ]);
  });

  it('never stores a secret, password or token', async () => {
    const all = JSON.stringify(await t.orm.em.fork().find(AuditEvent, {}));
    for (const secret of secrets) expect(all).not.toContain(secret);
    expect(all).not.toContain('wrong-secret');
    expect(all).not.toContain('wrong password');
  });
});
