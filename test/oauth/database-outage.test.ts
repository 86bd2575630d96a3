import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { onPostgres } from '../helpers/db.js';
import { expectOAuthError } from '../helpers/oauth.js';
import { type AppBehindProxy, startAppBehindProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { basicAuth, createTestClient, type TestClient, tokenRequest } from '../helpers/tokens.js';

describe.runIf(onPostgres)('token endpoint while the database is away', () => {
  let setup: AppBehindProxy;
  let proxy: TcpProxy;
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    setup = await startAppBehindProxy();
    ({ t, proxy } = setup);
    client = await createTestClient(t, { grantTypes: ['client_credentials'], permissions: ['orders.view'] });
  });
  afterAll(() => setup?.close());

  const request = () =>
    tokenRequest(t, { grant_type: 'client_credentials' }, { authorization: basicAuth(client.id, client.secret!) });

  it('answers 503 temporarily_unavailable, not 500, and recovers by itself', async () => {
    expect((await request()).status).toBe(200);
    proxy.cut();
    const response = await request();
    expect(response.headers.get('retry-after')).toBe('5');
    await expectOAuthError(response, { status: 503, error: 'temporarily_unavailable' });
    proxy.restore();
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await request()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  });
});
