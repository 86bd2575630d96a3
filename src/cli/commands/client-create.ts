import { readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/core';
import { findPermissions, UnknownNameError } from '../../modules/access/access.service.js';
import { ALL_SCOPE } from '../../modules/access/catalogue.js';
import { isIdentityScope } from '../../modules/access/identity-scopes.js';
import type { TokenEndpointAuthMethod } from '../../modules/client/app-client.entity.js';
import { type ClientGrants, type CreatedClient, createClient } from '../../modules/client/client.service.js';
import { clientInputSchema, type ValidClientInput } from '../../modules/client/client.validation.js';
import { type Command, parseOptions, required, UsageError, validateInput } from '../command.js';
import { withDatabase } from '../runtime.js';

const OPTIONS = {
  name: { type: 'string' },
  description: { type: 'string' },
  grant: { type: 'string', multiple: true },
  'redirect-uri': { type: 'string', multiple: true },
  'web-origin': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  public: { type: 'boolean' },
  'first-party': { type: 'boolean' },
  'require-par': { type: 'boolean' },
  'require-dpop': { type: 'boolean' },
  'token-endpoint-auth-method': { type: 'string' },
  'jwks-file': { type: 'string' },
  scope: { type: 'string', multiple: true },
  permission: { type: 'string', multiple: true },
  role: { type: 'string', multiple: true },
} as const;

/** Which flag sets which field of the client input, for error messages. */
const FLAGS = {
  name: 'name',
  description: 'description',
  grantTypes: 'grant',
  redirectUris: 'redirect-uri',
  webOrigins: 'web-origin',
  postLogoutRedirectUris: 'post-logout-redirect-uri',
  confidential: 'public',
  firstParty: 'first-party',
  requirePushedAuthorizationRequests: 'require-par',
  requireDpop: 'require-dpop',
  tokenEndpointAuthMethod: 'token-endpoint-auth-method',
  jwks: 'jwks-file',
  allowedScopes: 'scope',
};

export interface ClientCreateArgs {
  input: ValidClientInput;
  grants: Required<ClientGrants>;
}

/** Reads and validates the flags with the client module's own schema; no database needed. */
export function parseClientCreateArgs(args: string[]): ClientCreateArgs {
  const values = parseOptions(args, OPTIONS);
  const input = validateInput(
    clientInputSchema,
    {
      name: required(values.name, 'name'),
      description: values.description ?? '',
      grantTypes: values.grant ?? [],
      redirectUris: values['redirect-uri'] ?? [],
      postLogoutRedirectUris: values['post-logout-redirect-uri'] ?? [],
      confidential: !values.public,
      firstParty: Boolean(values['first-party']),
      requirePushedAuthorizationRequests: Boolean(values['require-par']),
      requireDpop: Boolean(values['require-dpop']),
      tokenEndpointAuthMethod: values['token-endpoint-auth-method'] as TokenEndpointAuthMethod | undefined,
      jwks: values['jwks-file'] === undefined ? undefined : readJwksFile(values['jwks-file']),
      allowedScopes: values.scope ?? [],
      webOrigins: values['web-origin'],
    },
    FLAGS,
  );
  return { input, grants: { roles: values.role ?? [], permissions: values.permission ?? [] } };
}

/** `--jwks-file`: a JWK Set (public keys) as JSON. */
function readJwksFile(path: string): { keys: { kty: 'RSA' | 'EC' | 'OKP' }[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--jwks-file ${path}: cannot be read`);
  }
  try {
    return JSON.parse(text) as { keys: { kty: 'RSA' | 'EC' | 'OKP' }[] };
  } catch {
    throw new UsageError(`--jwks-file ${path}: not JSON`);
  }
}

/** Creates the client after checking its scopes against the permissions in the database. */
export async function createClientFromArgs(em: EntityManager, { input, grants }: ClientCreateArgs): Promise<CreatedClient> {
  await checkScopes(em, input);
  return createClient(em, input, grants);
}

/** Scopes are permission names; `*` (all of the subject's permissions) is for first-party clients only. */
async function checkScopes(em: EntityManager, input: ValidClientInput): Promise<void> {
  const named = input.allowedScopes.filter((scope) => scope !== ALL_SCOPE && !isIdentityScope(scope));
  if (input.allowedScopes.includes(ALL_SCOPE) && !input.firstParty) {
    throw new UsageError(`--scope "${ALL_SCOPE}": only first-party clients (--first-party) may have it`);
  }
  try {
    await findPermissions(em, named);
  } catch (error) {
    if (error instanceof UnknownNameError) {
      throw new UsageError(`--scope "${error.value}": not a permission (nor openid, profile, email or phone)`);
    }
    throw error;
  }
}

/** `client:create`: an app client, as the `createAppClient` mutation makes it; the secret is shown once. */
export const clientCreateCommand: Command = {
  name: 'client:create',
  usage:
    'client:create --name N [--description D] --grant client_credentials|authorization_code|password … ' +
    '[--redirect-uri U]… [--post-logout-redirect-uri U]… [--web-origin O]… [--public] [--first-party] [--require-par] [--require-dpop] [--token-endpoint-auth-method M] [--jwks-file F] [--scope S]… [--permission P]… [--role R]… [--json]',
  async run(args) {
    const parsed = parseClientCreateArgs(args);
    const { client, secret } = await withDatabase((em) => createClientFromArgs(em, parsed));
    return {
      json: { id: client.id, secret },
      text: [
        `Created app client "${client.name}" (${client.grantTypes.join(', ')}${client.confidential ? '' : ', public'}).`,
        `  Client ID:     ${client.id}`,
        secret ? `  Client secret: ${secret}` : '  No secret: a public client authenticates with PKCE.',
        ...(secret ? ['The secret is shown only now; it is stored as an argon2id hash.'] : []),
      ],
    };
  },
};
