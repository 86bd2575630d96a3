import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRequest, type OAuthError, toOAuthError } from './errors.js';

/** Token responses and errors carry credentials or state: never cached (RFC 6749 §5.1). */
export function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

/** RFC 6749 §5.2 JSON error, with its headers; server errors logged with their detail, client errors at debug. */
export function sendOAuthError(reply: FastifyReply, error: unknown): FastifyReply {
  const oauth = toOAuthError(error);
  log(reply.request, oauth, error);
  noStore(reply);
  for (const [name, value] of Object.entries(oauth.headers)) reply.header(name, value);
  return reply.code(oauth.status).type('application/json; charset=utf-8').send(oauth.body);
}

function log(request: FastifyRequest, oauth: OAuthError, cause: unknown): void {
  if (oauth.status >= 500) request.log.error({ err: cause, error: oauth.error }, 'oauth request failed');
  else request.log.debug({ error: oauth.error, detail: oauth.detail }, oauth.description);
}

/**
 * Errors Fastify raises before a handler runs (unsupported content type, broken
 * JSON, body too large) are the client's: `invalid_request` with Fastify's 4xx status.
 */
export function oauthErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return sendOAuthError(reply, new InvalidRequest(describeClientError(error), status));
  }
  return sendOAuthError(reply, error);
}

function describeClientError(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'the body must be application/x-www-form-urlencoded or application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the request body is too large';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the JSON body is empty';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'the request body could not be parsed';
    default:
      return 'the request could not be read';
  }
}
