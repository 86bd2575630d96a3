import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('routes that do not exist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['GET', '/nowhere'],
    ['POST', '/clients/./refresh'],
    ['POST', '/clients/../oauth/tokens'],
    ['DELETE', '/oauth/token'],
  ])('%s %s → 404 with an RFC 6749-shaped JSON error', async (method, path) => {
    const response = await t.app.inject({ method: method as 'GET', url: path });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
    expect(body.error).toBe('not_found');
  });
});
