import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppClient } from '../../src/modules/client/app-client.entity.js';
import { createClient } from '../../src/modules/client/client.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('AppClient soft delete (the notDeleted filter)', () => {
  let db: TestDatabase;
  let liveId: string;
  let deletedId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    const live = await createClient(em, { name: 'Live', grantTypes: ['client_credentials'] });
    const deleted = await createClient(em, { name: 'Deleted', grantTypes: ['client_credentials'] });
    deleted.client.deletedAt = new Date();
    await em.flush();
    liveId = live.client.id;
    deletedId = deleted.client.id;
  });
  afterAll(() => db.close());

  it('hides a deleted client from lookups by id, lists and counts by default', async () => {
    const em = db.orm.em.fork();
    expect(await em.findOne(AppClient, deletedId)).toBeNull();
    expect(await em.findOne(AppClient, liveId)).not.toBeNull();
    const listed = await em.find(AppClient, {});
    expect(listed.map((client) => client.id)).toEqual([liveId]);
    expect(await em.count(AppClient, {})).toBe(1);
  });

  it('shows it with all filters off, or with only notDeleted off', async () => {
    const em = db.orm.em.fork();
    const found = await em.findOne(AppClient, deletedId, { filters: false });
    expect(found?.name).toBe('Deleted');
    expect(found?.deletedAt).toBeInstanceOf(Date);
    expect(await em.count(AppClient, {}, { filters: { notDeleted: false } })).toBe(2);
  });

  it('keeps the row: restoring is clearing deletedAt', async () => {
    const em = db.orm.em.fork();
    const client = await em.findOneOrFail(AppClient, deletedId, { filters: false });
    client.deletedAt = null;
    await em.flush();
    expect(await db.orm.em.fork().findOne(AppClient, deletedId)).not.toBeNull();
  });
});
