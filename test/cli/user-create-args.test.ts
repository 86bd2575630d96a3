import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.js';
import { parseUserCreateArgs } from '../../src/cli/commands/user-create.js';
import { User } from '../../src/modules/user/user.entity.js';
import { createUser } from '../../src/modules/user/user.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The argument rules, in process (the end-to-end runs are in user-create.test.ts). */
describe('user:create arguments', () => {
  it('reads the flags, lower-casing the email', () => {
    const parsed = parseUserCreateArgs([
      ...['--email', 'Ada@Example.TEST', '--password', 'correct horse', '--phone', '+14155550100', '--admin'],
      ...['--role', 'support', '--role', 'sales', '--permission', 'users.view'],
    ]);
    expect(parsed).toEqual({
      input: {
        email: 'ada@example.test',
        password: 'correct horse',
        phone: '+14155550100',
        emailVerified: false,
        phoneVerified: false,
      },
      grants: { admin: true, roles: ['support', 'sales'], permissions: ['users.view'] },
    });
    expect(parseUserCreateArgs(['--email', 'b@example.test', '--password', 'correct horse']).grants).toEqual({
      admin: false,
      roles: [],
      permissions: [],
    });
  });

  it('reads the OpenID Connect profile flags', () => {
    const { input } = parseUserCreateArgs([
      ...['--email', 'ada@example.test', '--password', 'correct horse', '--phone', '+14155550100'],
      ...['--name', 'Ada Lovelace', '--email-verified', '--phone-verified'],
    ]);
    expect(input).toMatchObject({ name: 'Ada Lovelace', emailVerified: true, phoneVerified: true });
  });

  it.each([
    [['--password', 'correct horse'], '--email is required'],
    [['--email', 'a@example.test'], '--password is required'],
    [['--email', 'not-an-email', '--password', 'correct horse'], '--email: must be an email address'],
    [['--email', 'a@example.test', '--password', 'short'], '--password: must be at least 8 characters'],
    [['--email', 'a@example.test', '--password', 'correct horse', '--phone', '0701234567'], '--phone: must be an E.164'],
    [['--email', 'a@example.test', '--password', 'correct horse', '--admin', 'yes'], "Unexpected argument 'yes'"],
    [['--email', 'a@example.test', '--password', 'correct horse', '--nickname', 'Ada'], "Unknown option '--nickname'"],
    [['--email', 'a@example.test', '--password', 'correct horse', '--name', ' '], '--name: must not be empty'],
    [['--email', 'a@example.test', '--password', 'correct horse', '--phone-verified'], '--phone-verified: needs a phone number'],
  ])('refuses %j', (args, message) => {
    expect(() => parseUserCreateArgs(args)).toThrow(UsageError);
    expect(() => parseUserCreateArgs(args)).toThrow(message);
  });
});

describe('user:create against the database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const { input } = parseUserCreateArgs([
      '--email',
      'taken@example.test',
      '--password',
      'correct horse',
      '--phone',
      '+14155550100',
    ]);
    await createUser(db.orm.em.fork(), input);
  });
  afterAll(() => db.close());

  const create = (...args: string[]) => {
    const { input, grants } = parseUserCreateArgs(['--password', 'correct horse', ...args]);
    return createUser(db.orm.em.fork(), input, grants);
  };

  it.each([
    [['--email', 'Taken@Example.test'], 'a user with this email already exists'],
    [['--email', 'other@example.test', '--phone', '+14155550100'], 'a user with this phone already exists'],
    [['--email', 'other@example.test', '--permission', 'users.fly'], 'unknown permission "users.fly"'],
    [['--email', 'other@example.test', '--role', 'ghost'], 'unknown role "ghost"'],
  ])('refuses %j and creates nothing', async (args, message) => {
    await expect(create(...args)).rejects.toThrow(message);
    expect(await db.orm.em.fork().count(User, {})).toBe(1);
  });
});
