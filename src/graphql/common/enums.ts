import { registerEnumType } from 'type-graphql';

/** GraphQL names in capitals, stored values as the OAuth wire names. */
export enum GrantType {
  CLIENT_CREDENTIALS = 'client_credentials',
  AUTHORIZATION_CODE = 'authorization_code',
  PASSWORD = 'password',
}

export enum SubjectType {
  USER = 'user',
  CLIENT = 'client',
}

registerEnumType(GrantType, { name: 'GrantType', description: 'An OAuth 2.0 grant an app client may use' });
registerEnumType(SubjectType, { name: 'SubjectType', description: 'Who holds roles and permissions: a user or an app client' });
