/**
 * One error vocabulary for the widget: a code, a message, whether trying again may help, and the HTTP
 * status when there was one.
 */
export class WebimError extends Error {
  constructor(code, message, { status = 0, retryable = false, cause } = {}) {
    super(message);
    this.name = 'WebimError';
    this.code = code;
    this.status = status;
    this.retryable = retryable;
    if (cause) this.cause = cause;
  }
}

export const Codes = Object.freeze({
  TIMEOUT: 'timeout', // the poll or call did not answer in time
  NETWORK: 'network', // no answer (or, for JSONP, any failed load: a 404 looks the same)
  HTTP: 'http', // an HTTP error status
  BAD_REPLY: 'bad_reply', // an answer that is not what the protocol says
  UNAUTHORIZED: 'unauthorized', // no or bad token: trying again will not help
  DISCONNECTED: 'disconnected', // the connection was closed while the call waited
});

/** An error for an HTTP status: 401 is final, 5xx and 429 may pass, other 4xx will not. */
export function httpError(status, body, action) {
  const message = (body && (body.message || body.error_msg || body.error)) || `HTTP ${status}`;
  const code = status === 401 ? Codes.UNAUTHORIZED : Codes.HTTP;
  const retryable = status >= 500 || status === 429 || status === 0;
  const err = new WebimError(code, `${action ? action + ': ' : ''}${message}`, { status, retryable });
  if (body && typeof body.error === 'string') err.reason = body.error;
  return err;
}
