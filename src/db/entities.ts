import { Permission } from '../modules/access/permission.entity.js';
import { Role } from '../modules/access/role.entity.js';
import { AuditEvent } from '../modules/audit/audit-event.entity.js';
import { AppClient } from '../modules/client/app-client.entity.js';
import { SpentJti } from '../modules/client/spent-jti.entity.js';
import { Consent } from '../modules/consent/consent.entity.js';
import { RESOURCES } from '../modules/resources.js';
import { SignInSession } from '../modules/session/sign-in-session.entity.js';
import { AccessToken } from '../modules/token/access-token.entity.js';
import { AuthorizationCode } from '../modules/token/authorization-code.entity.js';
import { PushedRequest } from '../modules/token/pushed-request.entity.js';
import { RefreshToken } from '../modules/token/refresh-token.entity.js';
import { User } from '../modules/user/user.entity.js';

/** Every entity of the data model, in one list for the ORM; business resources come from their registry. */
export const entities = [
  Permission,
  Role,
  User,
  AppClient,
  SpentJti,
  AccessToken,
  RefreshToken,
  AuthorizationCode,
  PushedRequest,
  Consent,
  AuditEvent,
  ...RESOURCES.map((resource) => resource.entity),
  SignInSession,
];
