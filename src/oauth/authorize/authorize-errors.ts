/** RFC 6749 §4.1.2.1 error codes an authorization endpoint returns to the client. */
export type AuthorizeErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  // RFC 8707 §2
  | 'invalid_target'
  | 'server_error'
  | 'temporarily_unavailable'
  // OpenID Connect Core §3.1.2.6, for prompt=none
  | 'login_required'
  | 'consent_required';

/** Builds the redirect error of a request whose redirect URI and state are known. */
export type Fail = (code: AuthorizeErrorCode, description: string) => AuthorizeRedirectError;

/**
 * An error found after the client and its redirect URI were verified: it goes back
 * to the client by redirect (with `state`), never onto a page of ours.
 */
export class AuthorizeRedirectError extends Error {
  override name = 'AuthorizeRedirectError';
  constructor(
    readonly code: AuthorizeErrorCode,
    readonly description: string,
    readonly redirectUri: string,
    readonly state: string | null,
  ) {
    super(`${code}: ${description}`);
  }
}

/** A failure shown to the user as an error page (nothing is sent to the client). */
export class AuthorizePageError extends Error {
  override name = 'AuthorizePageError';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * An error found before the redirect URI could be trusted (unknown client, unregistered
 * URI): RFC 6749 §4.1.2.1 forbids redirecting, so the user sees an error page.
 */
export class UntrustedRequestError extends AuthorizePageError {
  override name = 'UntrustedRequestError';
  constructor(title: string, description: string) {
    super(400, title, description);
  }
}

/** A form posted without the CSRF token of this browser's session (forged, or the session expired). */
export class CsrfError extends AuthorizePageError {
  override name = 'CsrfError';
  constructor() {
    super(
      403,
      'This form has expired',
      'For your security the form could not be accepted. Go back to the application and start again.',
    );
  }
}
