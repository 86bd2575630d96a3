import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type CookieSerializeOptions, fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../../lib/secrets.js';

/** The browser session of the authorization pages: who signed in and when, nothing else. */
export interface BrowserSession {
  /**
   * Random per session; CSRF tokens are bound to it, and it changes at sign-in. For a
   * signed-in session it names the server-side sign-in record and is the ID tokens' `sid`.
   */
  sid: string;
  userId: string | null;
  /** Unix seconds of the sign-in (`auth_time`); null while nobody is signed in. */
  authTime: number | null;
  /** Unix seconds. */
  expiresAt: number;
}

export type CsrfPurpose = 'login' | 'consent';

const COOKIE_NAME = 'core_session';
/**
 * The authorization pages and the end-session endpoint (`/oauth/logout`) live under this
 * path, so the cookie goes nowhere outside the authorization server's own routes.
 */
const COOKIE_PATH = '/oauth';
/** A working day: long enough for a portal session, short enough for a shared computer. */
const SESSION_SECONDS = 8 * 3600;

/**
 * Signs and reads the session cookie. The cookie carries its own state (signed JSON),
 * so any instance behind a load balancer can read it without a shared store. Needs
 * `@fastify/cookie` registered (`request.cookies`, `reply.setCookie`); the signature
 * is ours, whatever secret that plugin was given elsewhere.
 *
 * The keys are derived with HKDF from the token signing key rather than read from a
 * new variable: one fewer secret to provision, and a key rotation also ends browser
 * sessions, which is what an operator rotating keys after an incident wants.
 */
export class SessionCookies {
  private readonly signer: ReturnType<typeof fastifyCookie.signerFactory>;
  private readonly csrfKey: Buffer;
  private readonly secure: boolean;

  constructor(privateKeyPem: string, issuer: string) {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', privateKeyPem, 'core-api/authorize', info, 32));
    this.signer = fastifyCookie.signerFactory(derive('session-cookie/v1'));
    this.csrfKey = derive('csrf-token/v1');
    this.secure = issuer.startsWith('https:');
  }

  /** The valid, unexpired session of this request, or null. */
  read(request: FastifyRequest): BrowserSession | null {
    const raw = request.cookies[COOKIE_NAME];
    if (!raw) return null;
    const unsigned = this.signer.unsign(raw);
    if (!unsigned.valid || unsigned.value === null) return null;
    return decodeSession(unsigned.value);
  }

  /** The request's session, or a new anonymous one set on the reply (the login form needs one for CSRF). */
  ensure(request: FastifyRequest, reply: FastifyReply): BrowserSession {
    return this.read(request) ?? this.write(reply, null);
  }

  /** Starts a fresh session; a new `sid` at sign-in stops session fixation. */
  write(reply: FastifyReply, userId: string | null): BrowserSession {
    const now = Math.floor(Date.now() / 1000);
    const session: BrowserSession = {
      sid: randomBytes(16).toString('base64url'),
      userId,
      authTime: userId ? now : null,
      expiresAt: now + SESSION_SECONDS,
    };
    const value = this.signer.sign(Buffer.from(JSON.stringify(session)).toString('base64url'));
    reply.setCookie(COOKIE_NAME, value, this.cookieOptions(SESSION_SECONDS));
    return session;
  }

  clear(reply: FastifyReply): void {
    reply.setCookie(COOKIE_NAME, '', this.cookieOptions(0));
  }

  /** A synchronizer token: HMAC of the session id and the form it belongs to. */
  csrfToken(session: BrowserSession, purpose: CsrfPurpose): string {
    return createHmac('sha256', this.csrfKey).update(`${purpose}\0${session.sid}`).digest('base64url');
  }

  verifyCsrf(session: BrowserSession | null, purpose: CsrfPurpose, token: string | undefined): boolean {
    if (!session || !token) return false;
    return constantTimeEqual(this.csrfToken(session, purpose), token);
  }

  private cookieOptions(maxAge: number): CookieSerializeOptions {
    return { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: this.secure, maxAge };
  }
}

function decodeSession(encoded: string): BrowserSession | null {
  try {
    const value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<BrowserSession>;
    if (typeof value.sid !== 'string' || typeof value.expiresAt !== 'number') return null;
    if (value.userId !== null && typeof value.userId !== 'string') return null;
    if (value.userId !== null && typeof value.authTime !== 'number') return null;
    if (value.expiresAt <= Math.floor(Date.now() / 1000)) return null;
    return {
      sid: value.sid,
      userId: value.userId,
      authTime: value.userId ? (value.authTime ?? null) : null,
      expiresAt: value.expiresAt,
    };
  } catch {
    return null;
  }
}
