/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

export type AppClient = {
  __typename?: 'AppClient';
  /** Null unless you hold manage_system or are this client */
  allowedScopes?: Maybe<Array<Scalars['String']['output']>>;
  /** Confidential clients authenticate with a secret; public ones use PKCE */
  confidential?: Maybe<Scalars['Boolean']['output']>;
  createdAt?: Maybe<Scalars['DateTimeISO']['output']>;
  deletedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  description: Scalars['String']['output'];
  /** First-party clients skip the consent screen and may be granted "*" */
  firstParty: Scalars['Boolean']['output'];
  grantTypes?: Maybe<Array<GrantType>>;
  id: Scalars['ID']['output'];
  /** The public keys of a private_key_jwt client: a JWK Set as JSON */
  jwks?: Maybe<Scalars['String']['output']>;
  lastUsedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  name: Scalars['String']['output'];
  /** The client’s own direct permissions; needs manage_system */
  permissions?: Maybe<Array<Permission>>;
  /** Registered post_logout_redirect_uri values; null unless you hold manage_system or are this client */
  postLogoutRedirectUris?: Maybe<Array<Scalars['String']['output']>>;
  /** Null unless you hold manage_system or are this client */
  redirectUris?: Maybe<Array<Scalars['String']['output']>>;
  /** Tokens only for requests with a DPoP proof: every access token it gets is DPoP-bound (RFC 9449) */
  requireDpop?: Maybe<Scalars['Boolean']['output']>;
  /** Authorization requests only by request_uri from POST /oauth/par (RFC 9126) */
  requirePushedAuthorizationRequests?: Maybe<Scalars['Boolean']['output']>;
  /** The client’s own roles (for client credentials tokens); needs manage_system */
  roles?: Maybe<Array<Role>>;
  /** client_secret_basic (or _post), private_key_jwt (RFC 7523) or none (public clients) */
  tokenEndpointAuthMethod?: Maybe<Scalars['String']['output']>;
  /** Tokens issued to the client, newest first; live ones unless includeInactive */
  tokens?: Maybe<TokenMetadataConnection>;
  updatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Origins whose browser scripts may call the API as this client (CORS). Null unless you hold manage_system or are this client */
  webOrigins?: Maybe<Array<Scalars['String']['output']>>;
};


export type AppClientTokensArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeInactive?: InputMaybe<Scalars['Boolean']['input']>;
};

export type AppClientConnection = {
  __typename?: 'AppClientConnection';
  edges: Array<AppClientEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AppClientEdge = {
  __typename?: 'AppClientEdge';
  cursor: Scalars['String']['output'];
  node: AppClient;
};

/** The client with its secret, shown this once */
export type AppClientSecretPayload = {
  __typename?: 'AppClientSecretPayload';
  appClient?: Maybe<AppClient>;
  /** Null for public clients. Never retrievable again. */
  clientSecret?: Maybe<Scalars['String']['output']>;
};

/** A security event: who did what to what, from where */
export type AuditEvent = {
  __typename?: 'AuditEvent';
  /** e.g. client.created, client.secret_rotated, token.issued, login.failed */
  action?: Maybe<Scalars['String']['output']>;
  actorId?: Maybe<Scalars['String']['output']>;
  actorType?: Maybe<Scalars['String']['output']>;
  createdAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Never holds a secret, token or password */
  details?: Maybe<Scalars['JSONObject']['output']>;
  id?: Maybe<Scalars['ID']['output']>;
  ip?: Maybe<Scalars['String']['output']>;
  targetId?: Maybe<Scalars['String']['output']>;
  targetType?: Maybe<Scalars['String']['output']>;
};

export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  edges: Array<AuditEventEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  cursor: Scalars['String']['output'];
  node: AuditEvent;
};

/** Exact matches, and a time window [since, until) */
export type AuditEventFilter = {
  action?: InputMaybe<Scalars['String']['input']>;
  actorId?: InputMaybe<Scalars['String']['input']>;
  /** Events by, about or for this app client: its actor, its target, or the client a token event is for */
  clientId?: InputMaybe<Scalars['String']['input']>;
  since?: InputMaybe<Scalars['DateTimeISO']['input']>;
  targetId?: InputMaybe<Scalars['String']['input']>;
  until?: InputMaybe<Scalars['DateTimeISO']['input']>;
};

export type Authorization = {
  __typename?: 'Authorization';
  client?: Maybe<AppClient>;
  clientId?: Maybe<Scalars['ID']['output']>;
  createdAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** The scopes the user allowed */
  scopes?: Maybe<Array<Scalars['String']['output']>>;
  updatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
};

export type CreateAppClientInput = {
  /** Permission names user tokens of this client may carry ("*" for first-party) */
  allowedScopes?: InputMaybe<Array<Scalars['String']['input']>>;
  confidential?: Scalars['Boolean']['input'];
  description?: InputMaybe<Scalars['String']['input']>;
  firstParty?: Scalars['Boolean']['input'];
  grantTypes: Array<GrantType>;
  /** Public keys for private_key_jwt: a JWK Set as JSON text */
  jwks?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** Direct permissions of the client itself */
  permissions?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Where OpenID Connect logout may return the browser (post_logout_redirect_uri); validated like redirectUris, matched exactly */
  postLogoutRedirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Required for AUTHORIZATION_CODE; absolute, no fragment, matched exactly */
  redirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Issue tokens only for requests with a DPoP proof, so every access token is sender-constrained (RFC 9449) */
  requireDpop?: Scalars['Boolean']['input'];
  /** Accept authorization requests only by request_uri from POST /oauth/par (RFC 9126) */
  requirePushedAuthorizationRequests?: Scalars['Boolean']['input'];
  /** Roles of the client itself (client credentials tokens) */
  roles?: InputMaybe<Array<Scalars['String']['input']>>;
  /** client_secret_basic (default when confidential), private_key_jwt (needs jwks; no secret) or none (public) */
  tokenEndpointAuthMethod?: InputMaybe<Scalars['String']['input']>;
  /** Browser origins (scheme://host[:port]) allowed to call the API as this client; default: the redirect URIs’ origins */
  webOrigins?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type CreateCustomerInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** The owning portal user; with customers.create.own, yourself (the default) */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
};

export type CreateInvoiceInput = {
  /** Not negative */
  amountCents: Scalars['Int']['input'];
  /** YYYY-MM-DD */
  dueDate: Scalars['String']['input'];
  /** Unique across all invoices */
  number: Scalars['String']['input'];
  /** With invoices.create.own, an order of one of your own customers */
  orderId: Scalars['ID']['input'];
  /** DRAFT when not given */
  status?: InputMaybe<InvoiceStatus>;
};

export type CreateOrderInput = {
  /** With orders.create.own, one of your own customers */
  customerId: Scalars['ID']['input'];
  /** Unique across all orders */
  reference: Scalars['String']['input'];
  /** PENDING when not given */
  status?: InputMaybe<OrderStatus>;
  totalCents: Scalars['Int']['input'];
};

export type CreatePersonalAccessTokenInput = {
  /** Lifetime in days, 1 to 3650 (default 365) */
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  /** Permission names within your current token’s; "*" only from a "*" token */
  scopes: Array<Scalars['String']['input']>;
};

export type CreateRoleInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** Permission names */
  permissions?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type CreateUserInput = {
  email: Scalars['String']['input'];
  /** Whether the email is known to be the user’s; default false */
  emailVerified?: InputMaybe<Scalars['Boolean']['input']>;
  /** Display name (the OpenID Connect name claim) */
  name?: InputMaybe<Scalars['String']['input']>;
  /** At least 8 characters; stored as an argon2id hash */
  password: Scalars['String']['input'];
  /** E.164, e.g. +46701234567 */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** Whether the phone is known to be the user’s; default false */
  phoneVerified?: InputMaybe<Scalars['Boolean']['input']>;
};

export type Customer = {
  __typename?: 'Customer';
  createdAt?: Maybe<Scalars['DateTimeISO']['output']>;
  email?: Maybe<Scalars['String']['output']>;
  id?: Maybe<Scalars['ID']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  /** Needs users.view, or being the owner */
  owner?: Maybe<User>;
  /** The portal user who owns this customer and its orders */
  ownerId?: Maybe<Scalars['ID']['output']>;
  updatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  edges: Array<CustomerEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  cursor: Scalars['String']['output'];
  node: Customer;
};

export type CustomerFilter = {
  email?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive part of the name */
  nameContains?: InputMaybe<Scalars['String']['input']>;
  ownerId?: InputMaybe<Scalars['ID']['input']>;
};

/** An OAuth 2.0 grant an app client may use */
export type GrantType =
  | 'AUTHORIZATION_CODE'
  | 'CLIENT_CREDENTIALS'
  | 'PASSWORD';

export type Invoice = {
  __typename?: 'Invoice';
  amountCents?: Maybe<Scalars['Int']['output']>;
  createdAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** A calendar date, YYYY-MM-DD */
  dueDate?: Maybe<Scalars['String']['output']>;
  id?: Maybe<Scalars['ID']['output']>;
  /** Unique across all invoices */
  number?: Maybe<Scalars['String']['output']>;
  /** Null when the order is not yours to see */
  order?: Maybe<Order>;
  orderId?: Maybe<Scalars['ID']['output']>;
  status?: Maybe<InvoiceStatus>;
  updatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
};

export type InvoiceConnection = {
  __typename?: 'InvoiceConnection';
  edges: Array<InvoiceEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type InvoiceEdge = {
  __typename?: 'InvoiceEdge';
  cursor: Scalars['String']['output'];
  node: Invoice;
};

export type InvoiceFilter = {
  orderId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<InvoiceStatus>;
};

export type InvoiceStatus =
  | 'DRAFT'
  | 'ISSUED'
  | 'PAID'
  | 'VOID';

export type Mutation = {
  __typename?: 'Mutation';
  assignRole?: Maybe<SubjectAccess>;
  /** The secret is in this payload only */
  createAppClient?: Maybe<AppClientSecretPayload>;
  createCustomer?: Maybe<Customer>;
  createInvoice?: Maybe<Invoice>;
  createOrder?: Maybe<Order>;
  /** Issued by the personal access client; needs a first-party token */
  createPersonalAccessToken?: Maybe<PersonalAccessTokenPayload>;
  createRole?: Maybe<Role>;
  /** Needs users.create */
  createUser?: Maybe<User>;
  /** Soft delete; every token of the client is refused from the next request */
  deleteAppClient?: Maybe<AppClient>;
  /** Its orders are deleted with it */
  deleteCustomer?: Maybe<Customer>;
  deleteInvoice?: Maybe<Invoice>;
  deleteOrder?: Maybe<Order>;
  /** The built-in admin role cannot be deleted */
  deleteRole?: Maybe<Role>;
  /** Needs users.delete; the user’s tokens and consents go with it */
  deleteUser?: Maybe<User>;
  givePermission?: Maybe<SubjectAccess>;
  removeRole?: Maybe<SubjectAccess>;
  /** Undoes a soft delete; the old tokens stay revoked */
  restoreAppClient?: Maybe<AppClient>;
  /** Revokes one of the client’s tokens (and the refresh tokens issued with it), or all of them without tokenId; how many access tokens stopped */
  revokeAppClientTokens?: Maybe<Scalars['Int']['output']>;
  /** Forgets the consent and revokes the app’s tokens for you */
  revokeAuthorization?: Maybe<RevokedAuthorization>;
  revokePermission?: Maybe<SubjectAccess>;
  /** Refused from the next request on */
  revokePersonalAccessToken?: Maybe<PersonalAccessToken>;
  /** The old secret stops working at once; the new one is shown only here */
  rotateAppClientSecret?: Maybe<AppClientSecretPayload>;
  updateAppClient?: Maybe<AppClient>;
  updateCustomer?: Maybe<Customer>;
  updateInvoice?: Maybe<Invoice>;
  updateOrder?: Maybe<Order>;
  /** Takes effect on the next request of every token whose subject holds the role */
  updateRole?: Maybe<Role>;
  /** Needs users.update; disabling refuses the user’s tokens from the next request */
  updateUser?: Maybe<User>;
};


export type MutationAssignRoleArgs = {
  role: Scalars['String']['input'];
  subject: SubjectInput;
};


export type MutationCreateAppClientArgs = {
  input: CreateAppClientInput;
};


export type MutationCreateCustomerArgs = {
  input: CreateCustomerInput;
};


export type MutationCreateInvoiceArgs = {
  input: CreateInvoiceInput;
};


export type MutationCreateOrderArgs = {
  input: CreateOrderInput;
};


export type MutationCreatePersonalAccessTokenArgs = {
  input: CreatePersonalAccessTokenInput;
};


export type MutationCreateRoleArgs = {
  input: CreateRoleInput;
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationDeleteAppClientArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteInvoiceArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteOrderArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteRoleArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationGivePermissionArgs = {
  permission: Scalars['String']['input'];
  subject: SubjectInput;
};


export type MutationRemoveRoleArgs = {
  role: Scalars['String']['input'];
  subject: SubjectInput;
};


export type MutationRestoreAppClientArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeAppClientTokensArgs = {
  id: Scalars['ID']['input'];
  tokenId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationRevokeAuthorizationArgs = {
  clientId: Scalars['ID']['input'];
};


export type MutationRevokePermissionArgs = {
  permission: Scalars['String']['input'];
  subject: SubjectInput;
};


export type MutationRevokePersonalAccessTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRotateAppClientSecretArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateAppClientArgs = {
  id: Scalars['ID']['input'];
  input: UpdateAppClientInput;
};


export type MutationUpdateCustomerArgs = {
  id: Scalars['ID']['input'];
  input: UpdateCustomerInput;
};


export type MutationUpdateInvoiceArgs = {
  id: Scalars['ID']['input'];
  input: UpdateInvoiceInput;
};


export type MutationUpdateOrderArgs = {
  id: Scalars['ID']['input'];
  input: UpdateOrderInput;
};


export type MutationUpdateRoleArgs = {
  id: Scalars['ID']['input'];
  input: UpdateRoleInput;
};


export type MutationUpdateUserArgs = {
  id: Scalars['ID']['input'];
  input: UpdateUserInput;
};

export type Order = {
  __typename?: 'Order';
  createdAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Null when the customer is not yours to see */
  customer?: Maybe<Customer>;
  customerId?: Maybe<Scalars['ID']['output']>;
  id?: Maybe<Scalars['ID']['output']>;
  /** Needs invoices.view or invoices.view.own */
  invoices?: Maybe<Array<Invoice>>;
  reference?: Maybe<Scalars['String']['output']>;
  status?: Maybe<OrderStatus>;
  totalCents?: Maybe<Scalars['Int']['output']>;
  updatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

export type OrderFilter = {
  customerId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<OrderStatus>;
};

export type OrderStatus =
  | 'CANCELLED'
  | 'PAID'
  | 'PENDING'
  | 'SHIPPED';

/** Relay page information */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** A named permission of the catalogue; also a scope name */
export type Permission = {
  __typename?: 'Permission';
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

/** A long-lived token of yours: metadata only */
export type PersonalAccessToken = {
  __typename?: 'PersonalAccessToken';
  createdAt?: Maybe<Scalars['DateTimeISO']['output']>;
  expiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  id?: Maybe<Scalars['ID']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  revoked?: Maybe<Scalars['Boolean']['output']>;
  scopes?: Maybe<Array<Scalars['String']['output']>>;
};

export type PersonalAccessTokenPayload = {
  __typename?: 'PersonalAccessTokenPayload';
  personalAccessToken?: Maybe<PersonalAccessToken>;
  /** The Bearer token. Shown only now; it is not stored. */
  token?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Soft-deleted clients too (see deletedAt) */
  appClient?: Maybe<AppClient>;
  appClients?: Maybe<AppClientConnection>;
  /** Security events, newest first. Needs manage_system */
  auditEvents?: Maybe<AuditEventConnection>;
  /** Null when absent or not yours to see */
  customer?: Maybe<Customer>;
  /** Needs customers.view or customers.view.own */
  customers?: Maybe<CustomerConnection>;
  /** Null when absent or not yours to see */
  invoice?: Maybe<Invoice>;
  /** Needs invoices.view or invoices.view.own */
  invoices?: Maybe<InvoiceConnection>;
  /** The calling user; null for client tokens */
  me?: Maybe<User>;
  /** Apps you allowed on the consent screen, most recent first */
  myAuthorizations?: Maybe<Array<Authorization>>;
  /** Your live personal access tokens, newest first */
  myPersonalAccessTokens?: Maybe<Array<PersonalAccessToken>>;
  /** Null when absent or not yours to see */
  order?: Maybe<Order>;
  /** Needs orders.view or orders.view.own */
  orders?: Maybe<OrderConnection>;
  /** The permission catalogue */
  permissions?: Maybe<Array<Permission>>;
  roles?: Maybe<Array<Role>>;
  /** Needs users.view; null when there is no such user */
  user?: Maybe<User>;
  /** Needs users.view */
  users?: Maybe<UserConnection>;
  /** Who is calling, with this request’s effective permissions. Always allowed */
  viewer: Viewer;
};


export type QueryAppClientArgs = {
  id: Scalars['ID']['input'];
};


export type QueryAppClientsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeDeleted?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryAuditEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCustomerArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CustomerFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryInvoiceArgs = {
  id: Scalars['ID']['input'];
};


export type QueryInvoicesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<InvoiceFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<OrderFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<UserFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type RevokedAuthorization = {
  __typename?: 'RevokedAuthorization';
  clientId?: Maybe<Scalars['ID']['output']>;
  /** Access tokens of yours the app held, now refused */
  revokedTokens?: Maybe<Scalars['Int']['output']>;
};

/** A named bundle of permissions */
export type Role = {
  __typename?: 'Role';
  createdAt: Scalars['DateTimeISO']['output'];
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  permissions: Array<Permission>;
  updatedAt: Scalars['DateTimeISO']['output'];
};

export type SubjectAccess = {
  __typename?: 'SubjectAccess';
  id: Scalars['ID']['output'];
  /** Direct permissions */
  permissions: Array<Permission>;
  roles: Array<Role>;
  type: SubjectType;
};

/** A user or an app client */
export type SubjectInput = {
  id: Scalars['ID']['input'];
  type: SubjectType;
};

/** Who holds roles and permissions: a user or an app client */
export type SubjectType =
  | 'CLIENT'
  | 'USER';

export type TokenMetadata = {
  __typename?: 'TokenMetadata';
  createdAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** Issued without a scope: acts with all of its subject’s permissions as they are at each request */
  defaultScope?: Maybe<Scalars['Boolean']['output']>;
  expiresAt?: Maybe<Scalars['DateTimeISO']['output']>;
  grantType?: Maybe<Scalars['String']['output']>;
  /** The token’s jti */
  id?: Maybe<Scalars['ID']['output']>;
  /** Name of a personal access token */
  name?: Maybe<Scalars['String']['output']>;
  revoked?: Maybe<Scalars['Boolean']['output']>;
  scopes?: Maybe<Array<Scalars['String']['output']>>;
  /** The user of a user token */
  user?: Maybe<User>;
  userId?: Maybe<Scalars['ID']['output']>;
};

export type TokenMetadataConnection = {
  __typename?: 'TokenMetadataConnection';
  edges: Array<TokenMetadataEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type TokenMetadataEdge = {
  __typename?: 'TokenMetadataEdge';
  cursor: Scalars['String']['output'];
  node: TokenMetadata;
};

/** Only the fields given change */
export type UpdateAppClientInput = {
  allowedScopes?: InputMaybe<Array<Scalars['String']['input']>>;
  description?: InputMaybe<Scalars['String']['input']>;
  firstParty?: InputMaybe<Scalars['Boolean']['input']>;
  grantTypes?: InputMaybe<Array<GrantType>>;
  /** Replaces the public keys (a JWK Set as JSON text) */
  jwks?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  postLogoutRedirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  redirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  requireDpop?: InputMaybe<Scalars['Boolean']['input']>;
  requirePushedAuthorizationRequests?: InputMaybe<Scalars['Boolean']['input']>;
  /** Replaces the web origins; left out, origins still at their default follow the redirect URIs */
  webOrigins?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Only the fields given change; email or ownerId null clears it */
export type UpdateCustomerInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  ownerId?: InputMaybe<Scalars['ID']['input']>;
};

/** Only the fields given change */
export type UpdateInvoiceInput = {
  amountCents?: InputMaybe<Scalars['Int']['input']>;
  dueDate?: InputMaybe<Scalars['String']['input']>;
  number?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<InvoiceStatus>;
};

/** Only the fields given change */
export type UpdateOrderInput = {
  reference?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<OrderStatus>;
  totalCents?: InputMaybe<Scalars['Int']['input']>;
};

/** Only the fields given change; permissions replaces the whole set */
export type UpdateRoleInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  permissions?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Only the fields given change; phone: null clears it */
export type UpdateUserInput = {
  disabled?: InputMaybe<Scalars['Boolean']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  /** A changed email is unverified unless set here too */
  emailVerified?: InputMaybe<Scalars['Boolean']['input']>;
  /** null clears it */
  name?: InputMaybe<Scalars['String']['input']>;
  password?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  /** A changed phone is unverified unless set here too */
  phoneVerified?: InputMaybe<Scalars['Boolean']['input']>;
};

export type User = {
  __typename?: 'User';
  createdAt?: Maybe<Scalars['DateTimeISO']['output']>;
  /** A disabled user cannot log in and its tokens are refused */
  disabled?: Maybe<Scalars['Boolean']['output']>;
  email?: Maybe<Scalars['String']['output']>;
  /** Set by administrators; the email_verified claim */
  emailVerified?: Maybe<Scalars['Boolean']['output']>;
  id?: Maybe<Scalars['ID']['output']>;
  /** Display name (the OpenID Connect name claim) */
  name?: Maybe<Scalars['String']['output']>;
  /** Direct permissions (not those via roles); as roles */
  permissions?: Maybe<Array<Permission>>;
  phone?: Maybe<Scalars['String']['output']>;
  /** Set by administrators; the phone_number_verified claim */
  phoneVerified?: Maybe<Scalars['Boolean']['output']>;
  /** Needs users.view or roles.manage, or being this user */
  roles?: Maybe<Array<Role>>;
  updatedAt?: Maybe<Scalars['DateTimeISO']['output']>;
};

export type UserConnection = {
  __typename?: 'UserConnection';
  edges: Array<UserEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type UserEdge = {
  __typename?: 'UserEdge';
  cursor: Scalars['String']['output'];
  node: User;
};

export type UserFilter = {
  disabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Case-insensitive part of the email */
  emailContains?: InputMaybe<Scalars['String']['input']>;
};

export type Viewer = {
  __typename?: 'Viewer';
  /** The client the token was issued to */
  client: AppClient;
  /** This request’s effective permissions, sorted */
  permissions: Array<Scalars['String']['output']>;
  /** The scopes granted to this token, as issued */
  scopes: Array<Scalars['String']['output']>;
  type: SubjectType;
  /** Null for client tokens */
  user?: Maybe<User>;
};

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { __typename?: 'Query', viewer: { __typename?: 'Viewer', permissions: Array<string>, user?: { __typename?: 'User', email?: string | null } | null } };

export type AppClientDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AppClientDetailQuery = { __typename?: 'Query', appClient?: { __typename?: 'AppClient', id: string, name: string, description: string, grantTypes?: Array<GrantType> | null, redirectUris?: Array<string> | null, postLogoutRedirectUris?: Array<string> | null, webOrigins?: Array<string> | null, allowedScopes?: Array<string> | null, confidential?: boolean | null, firstParty: boolean, createdAt?: string | null, lastUsedAt?: string | null, deletedAt?: string | null, roles?: Array<{ __typename?: 'Role', id: string, name: string }> | null, permissions?: Array<{ __typename?: 'Permission', id: string, name: string }> | null } | null };

export type AppClientsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  includeDeleted?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type AppClientsQuery = { __typename?: 'Query', appClients?: { __typename?: 'AppClientConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean }, edges: Array<{ __typename?: 'AppClientEdge', node: { __typename?: 'AppClient', id: string, name: string, grantTypes?: Array<GrantType> | null, firstParty: boolean, createdAt?: string | null, lastUsedAt?: string | null, deletedAt?: string | null } }> } | null };

export type AuditEventsQueryVariables = Exact<{
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditEventFilter>;
}>;


export type AuditEventsQuery = { __typename?: 'Query', auditEvents?: { __typename?: 'AuditEventConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean }, edges: Array<{ __typename?: 'AuditEventEdge', node: { __typename?: 'AuditEvent', id?: string | null, action?: string | null, actorType?: string | null, actorId?: string | null, targetType?: string | null, targetId?: string | null, ip?: string | null, createdAt?: string | null, details?: Record<string, unknown> | null } }> } | null };

export type RotateAppClientSecretMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RotateAppClientSecretMutation = { __typename?: 'Mutation', rotateAppClientSecret?: { __typename?: 'AppClientSecretPayload', clientSecret?: string | null } | null };

export type DeleteAppClientMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteAppClientMutation = { __typename?: 'Mutation', deleteAppClient?: { __typename?: 'AppClient', id: string, deletedAt?: string | null } | null };

export type RestoreAppClientMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RestoreAppClientMutation = { __typename?: 'Mutation', restoreAppClient?: { __typename?: 'AppClient', id: string, deletedAt?: string | null } | null };

export type CreateAppClientMutationVariables = Exact<{
  input: CreateAppClientInput;
}>;


export type CreateAppClientMutation = { __typename?: 'Mutation', createAppClient?: { __typename?: 'AppClientSecretPayload', clientSecret?: string | null, appClient?: { __typename?: 'AppClient', id: string } | null } | null };

export type AccessCatalogueQueryVariables = Exact<{ [key: string]: never; }>;


export type AccessCatalogueQuery = { __typename?: 'Query', roles?: Array<{ __typename?: 'Role', id: string, name: string }> | null, permissions?: Array<{ __typename?: 'Permission', id: string, name: string, description: string }> | null };

export type AssignClientRoleMutationVariables = Exact<{
  role: Scalars['String']['input'];
  subject: SubjectInput;
}>;


export type AssignClientRoleMutation = { __typename?: 'Mutation', assignRole?: { __typename?: 'SubjectAccess', id: string } | null };

export type RemoveClientRoleMutationVariables = Exact<{
  role: Scalars['String']['input'];
  subject: SubjectInput;
}>;


export type RemoveClientRoleMutation = { __typename?: 'Mutation', removeRole?: { __typename?: 'SubjectAccess', id: string } | null };

export type GiveClientPermissionMutationVariables = Exact<{
  permission: Scalars['String']['input'];
  subject: SubjectInput;
}>;


export type GiveClientPermissionMutation = { __typename?: 'Mutation', givePermission?: { __typename?: 'SubjectAccess', id: string } | null };

export type RevokeClientPermissionMutationVariables = Exact<{
  permission: Scalars['String']['input'];
  subject: SubjectInput;
}>;


export type RevokeClientPermissionMutation = { __typename?: 'Mutation', revokePermission?: { __typename?: 'SubjectAccess', id: string } | null };

export type RolesScreenQueryVariables = Exact<{ [key: string]: never; }>;


export type RolesScreenQuery = { __typename?: 'Query', roles?: Array<{ __typename?: 'Role', id: string, name: string, description: string, permissions: Array<{ __typename?: 'Permission', name: string }> }> | null, permissions?: Array<{ __typename?: 'Permission', id: string, name: string, description: string }> | null };

export type CreateRoleMutationVariables = Exact<{
  input: CreateRoleInput;
}>;


export type CreateRoleMutation = { __typename?: 'Mutation', createRole?: { __typename?: 'Role', id: string } | null };

export type UpdateRolePermissionsMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateRoleInput;
}>;


export type UpdateRolePermissionsMutation = { __typename?: 'Mutation', updateRole?: { __typename?: 'Role', id: string } | null };

export type DeleteRoleMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteRoleMutation = { __typename?: 'Mutation', deleteRole?: { __typename?: 'Role', id: string } | null };

export type UpdateAppClientMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateAppClientInput;
}>;


export type UpdateAppClientMutation = { __typename?: 'Mutation', updateAppClient?: { __typename?: 'AppClient', id: string } | null };

export type AppClientTokensQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AppClientTokensQuery = { __typename?: 'Query', appClient?: { __typename?: 'AppClient', id: string, tokens?: { __typename?: 'TokenMetadataConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean }, edges: Array<{ __typename?: 'TokenMetadataEdge', node: { __typename?: 'TokenMetadata', id?: string | null, grantType?: string | null, scopes?: Array<string> | null, defaultScope?: boolean | null, name?: string | null, createdAt?: string | null, expiresAt?: string | null, userId?: string | null, user?: { __typename?: 'User', email?: string | null } | null } }> } | null } | null };

export type RevokeAppClientTokensMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  tokenId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type RevokeAppClientTokensMutation = { __typename?: 'Mutation', revokeAppClientTokens?: number | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    permissions
    user {
      email
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const AppClientDetailDocument = new TypedDocumentString(`
    query AppClientDetail($id: ID!) {
  appClient(id: $id) {
    id
    name
    description
    grantTypes
    redirectUris
    postLogoutRedirectUris
    webOrigins
    allowedScopes
    confidential
    firstParty
    createdAt
    lastUsedAt
    deletedAt
    roles {
      id
      name
    }
    permissions {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<AppClientDetailQuery, AppClientDetailQueryVariables>;
export const AppClientsDocument = new TypedDocumentString(`
    query AppClients($first: Int, $after: String, $includeDeleted: Boolean) {
  appClients(first: $first, after: $after, includeDeleted: $includeDeleted) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      node {
        id
        name
        grantTypes
        firstParty
        createdAt
        lastUsedAt
        deletedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AppClientsQuery, AppClientsQueryVariables>;
export const AuditEventsDocument = new TypedDocumentString(`
    query AuditEvents($after: String, $filter: AuditEventFilter) {
  auditEvents(first: 25, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      node {
        id
        action
        actorType
        actorId
        targetType
        targetId
        ip
        createdAt
        details
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuditEventsQuery, AuditEventsQueryVariables>;
export const RotateAppClientSecretDocument = new TypedDocumentString(`
    mutation RotateAppClientSecret($id: ID!) {
  rotateAppClientSecret(id: $id) {
    clientSecret
  }
}
    `) as unknown as TypedDocumentString<RotateAppClientSecretMutation, RotateAppClientSecretMutationVariables>;
export const DeleteAppClientDocument = new TypedDocumentString(`
    mutation DeleteAppClient($id: ID!) {
  deleteAppClient(id: $id) {
    id
    deletedAt
  }
}
    `) as unknown as TypedDocumentString<DeleteAppClientMutation, DeleteAppClientMutationVariables>;
export const RestoreAppClientDocument = new TypedDocumentString(`
    mutation RestoreAppClient($id: ID!) {
  restoreAppClient(id: $id) {
    id
    deletedAt
  }
}
    `) as unknown as TypedDocumentString<RestoreAppClientMutation, RestoreAppClientMutationVariables>;
export const CreateAppClientDocument = new TypedDocumentString(`
    mutation CreateAppClient($input: CreateAppClientInput!) {
  createAppClient(input: $input) {
    clientSecret
    appClient {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CreateAppClientMutation, CreateAppClientMutationVariables>;
export const AccessCatalogueDocument = new TypedDocumentString(`
    query AccessCatalogue {
  roles {
    id
    name
  }
  permissions {
    id
    name
    description
  }
}
    `) as unknown as TypedDocumentString<AccessCatalogueQuery, AccessCatalogueQueryVariables>;
export const AssignClientRoleDocument = new TypedDocumentString(`
    mutation AssignClientRole($role: String!, $subject: SubjectInput!) {
  assignRole(role: $role, subject: $subject) {
    id
  }
}
    `) as unknown as TypedDocumentString<AssignClientRoleMutation, AssignClientRoleMutationVariables>;
export const RemoveClientRoleDocument = new TypedDocumentString(`
    mutation RemoveClientRole($role: String!, $subject: SubjectInput!) {
  removeRole(role: $role, subject: $subject) {
    id
  }
}
    `) as unknown as TypedDocumentString<RemoveClientRoleMutation, RemoveClientRoleMutationVariables>;
export const GiveClientPermissionDocument = new TypedDocumentString(`
    mutation GiveClientPermission($permission: String!, $subject: SubjectInput!) {
  givePermission(permission: $permission, subject: $subject) {
    id
  }
}
    `) as unknown as TypedDocumentString<GiveClientPermissionMutation, GiveClientPermissionMutationVariables>;
export const RevokeClientPermissionDocument = new TypedDocumentString(`
    mutation RevokeClientPermission($permission: String!, $subject: SubjectInput!) {
  revokePermission(permission: $permission, subject: $subject) {
    id
  }
}
    `) as unknown as TypedDocumentString<RevokeClientPermissionMutation, RevokeClientPermissionMutationVariables>;
export const RolesScreenDocument = new TypedDocumentString(`
    query RolesScreen {
  roles {
    id
    name
    description
    permissions {
      name
    }
  }
  permissions {
    id
    name
    description
  }
}
    `) as unknown as TypedDocumentString<RolesScreenQuery, RolesScreenQueryVariables>;
export const CreateRoleDocument = new TypedDocumentString(`
    mutation CreateRole($input: CreateRoleInput!) {
  createRole(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateRoleMutation, CreateRoleMutationVariables>;
export const UpdateRolePermissionsDocument = new TypedDocumentString(`
    mutation UpdateRolePermissions($id: ID!, $input: UpdateRoleInput!) {
  updateRole(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<UpdateRolePermissionsMutation, UpdateRolePermissionsMutationVariables>;
export const DeleteRoleDocument = new TypedDocumentString(`
    mutation DeleteRole($id: ID!) {
  deleteRole(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<DeleteRoleMutation, DeleteRoleMutationVariables>;
export const UpdateAppClientDocument = new TypedDocumentString(`
    mutation UpdateAppClient($id: ID!, $input: UpdateAppClientInput!) {
  updateAppClient(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<UpdateAppClientMutation, UpdateAppClientMutationVariables>;
export const AppClientTokensDocument = new TypedDocumentString(`
    query AppClientTokens($id: ID!, $after: String) {
  appClient(id: $id) {
    id
    tokens(first: 20, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          grantType
          scopes
          defaultScope
          name
          createdAt
          expiresAt
          user {
            email
          }
          userId
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AppClientTokensQuery, AppClientTokensQueryVariables>;
export const RevokeAppClientTokensDocument = new TypedDocumentString(`
    mutation RevokeAppClientTokens($id: ID!, $tokenId: ID) {
  revokeAppClientTokens(id: $id, tokenId: $tokenId)
}
    `) as unknown as TypedDocumentString<RevokeAppClientTokensMutation, RevokeAppClientTokensMutationVariables>;