import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('X-Content-Type-Options', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['GET', '/healthz'],
    ['GET', '/.well-known/jwks.json'],
    ['GET', '/.well-known/oauth-authorization-server'],
    ['POST', '/oauth/token'],
    ['POST', '/graphql'],
    ['GET', '/oauth/authorize'],
    ['GET', '/nowhere'],
  ])('%s %s answers with nosniff, success or error alike', async (method, url) => {
    const response = await t.app.inject({ method: method as 'GET', url });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
