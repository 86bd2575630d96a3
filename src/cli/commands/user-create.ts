import { ADMIN_ROLE } from '../../modules/access/catalogue.js';
import { createUser, type UserGrants } from '../../modules/user/user.service.js';
import { type UserInput, userInputSchema } from '../../modules/user/user.validation.js';
import { type Command, parseOptions, required, validateInput } from '../command.js';
import { withDatabase } from '../runtime.js';

const OPTIONS = {
  email: { type: 'string' },
  password: { type: 'string' },
  phone: { type: 'string' },
  name: { type: 'string' },
  'email-verified': { type: 'boolean' },
  'phone-verified': { type: 'boolean' },
  admin: { type: 'boolean' },
  role: { type: 'string', multiple: true },
  permission: { type: 'string', multiple: true },
} as const;

export interface UserCreateArgs {
  input: UserInput;
  grants: Required<UserGrants>;
}

/** Reads and validates the flags with the user module's own schema; no database needed. */
export function parseUserCreateArgs(args: string[]): UserCreateArgs {
  const values = parseOptions(args, OPTIONS);
  const input = validateInput(
    userInputSchema,
    {
      email: required(values.email, 'email'),
      password: required(values.password, 'password'),
      phone: values.phone,
      name: values.name,
      emailVerified: Boolean(values['email-verified']),
      phoneVerified: Boolean(values['phone-verified']),
    },
    {
      email: 'email',
      password: 'password',
      phone: 'phone',
      name: 'name',
      emailVerified: 'email-verified',
      phoneVerified: 'phone-verified',
    },
  );
  return { input, grants: { admin: Boolean(values.admin), roles: values.role ?? [], permissions: values.permission ?? [] } };
}

/** `user:create`: a user with an argon2id password hash; `--admin` gives the built-in admin role. */
export const userCreateCommand: Command = {
  name: 'user:create',
  usage:
    'user:create --email E --password P [--phone +E164] [--name N] [--email-verified] [--phone-verified] [--admin] [--role R]… [--permission P]… [--json]',
  async run(args) {
    const { input, grants } = parseUserCreateArgs(args);
    const user = await withDatabase((em) => createUser(em, input, grants));
    const roles = new Set([...(grants.admin ? [ADMIN_ROLE] : []), ...grants.roles]);
    return {
      json: { id: user.id },
      text: [
        `Created user ${user.email} (${user.id}).`,
        ...(roles.size > 0 ? [`  Roles: ${[...roles].join(', ')}`] : []),
        ...(grants.permissions.length > 0 ? [`  Permissions: ${grants.permissions.join(', ')}`] : []),
      ],
    };
  },
};
