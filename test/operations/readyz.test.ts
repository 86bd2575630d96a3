import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('GET /readyz', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 200 when the migrations are applied and the invalidation channel is live', async () => {
    const response = await fetch(`${t.url}/readyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ready', database: 'up', migrations: 'applied', invalidation: 'live' });
  });

  it('answers 503 naming what is missing while a migration is pending', async () => {
    const em = t.orm.em.fork();
    const [last] = await em
      .getConnection()
      .execute<{ name: string }[]>('select name from mikro_orm_migrations order by id desc limit 1');
    await em.getConnection().execute('delete from mikro_orm_migrations where name = ?', [last.name]);
    try {
      const response = await fetch(`${t.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'not_ready', database: 'up', migrations: 'pending', invalidation: 'live' });
    } finally {
      await em.getConnection().execute('insert into mikro_orm_migrations (name, executed_at) values (?, now())', [last.name]);
    }
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});
