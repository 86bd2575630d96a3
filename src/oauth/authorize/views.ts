import type { LoginAttribute } from '../../config.js';
import type { User } from '../../modules/user/user.entity.js';
import { type AuthorizationRequest, requestParams } from './authorize-request.js';

/** Where the two forms post. Both sit under the session cookie's path. */
export const LOGIN_ACTION = '/oauth/authorize/login';
export const CONSENT_ACTION = '/oauth/authorize';

const PHONE_EXAMPLE = 'in international format, such as +46701234567';

/** The login form's username field, shaped by the configured login attributes. */
function usernameField(attributes: readonly LoginAttribute[]): { label: string; type: string; hint: string | null } {
  const email = attributes.includes('email');
  const phone = attributes.includes('phone');
  if (email && phone) return { label: 'Email or phone number', type: 'text', hint: `Phone numbers ${PHONE_EXAMPLE}.` };
  if (phone) return { label: 'Phone number', type: 'tel', hint: `Your phone number ${PHONE_EXAMPLE}.` };
  return { label: 'Email address', type: 'email', hint: null };
}

export interface LoginViewInput {
  request: AuthorizationRequest;
  attributes: readonly LoginAttribute[];
  csrfToken: string;
  username?: string;
  error?: string;
}

export function loginView(input: LoginViewInput): Record<string, unknown> {
  const field = usernameField(input.attributes);
  return {
    title: 'Sign in',
    clientName: input.request.client.name,
    action: LOGIN_ACTION,
    csrfToken: input.csrfToken,
    fields: requestParams(input.request),
    usernameLabel: field.label,
    usernameType: field.type,
    usernameHint: field.hint,
    username: input.username ?? '',
    error: input.error ?? null,
    describedBy: [input.error ? 'login-error' : null, field.hint ? 'username-hint' : null].filter(Boolean).join(' '),
  };
}

export function consentView(request: AuthorizationRequest, user: User, csrfToken: string): Record<string, unknown> {
  const name = request.client.name;
  return {
    title: `Allow ${name}`,
    clientName: name,
    clientInitial: (Array.from(name.trim())[0] ?? '?').toUpperCase(),
    clientDescription: request.client.description.trim(),
    userLabel: user.email,
    scopes: request.scopes,
    // RFC 8707: a request aimed at one API says which, so the user knows what they allow.
    resource: request.resource,
    action: CONSENT_ACTION,
    csrfToken,
    fields: requestParams(request),
    redirectHost: redirectHost(request.redirectUri),
  };
}

/** After RP-Initiated Logout without a (registered) return address. */
export function signedOutView(clientName: string | null): Record<string, unknown> {
  const message = clientName
    ? `You have signed out. To use ${clientName} again, sign in from there.`
    : 'You have signed out. You can close this page.';
  return { title: 'Signed out', heading: 'You are signed out', message };
}

export function errorView(title: string, message: string): Record<string, unknown> {
  return { title, heading: title, message };
}

/** What the user is told they will be sent to: the host of a web URI, the scheme of an app's. */
function redirectHost(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.host || url.protocol.replace(/:$/, '');
}
