/**
 * One error vocabulary for the widget: a code, a message, whether trying again may help, and the HTTP
 * status when there was one. `retryAfter` (ms, 0: no advice) comes from a `Retry-After` header.
 */
export class WebimError extends Error {
  constructor(code, message, { status = 0, retryable = false, retryAfter = 0, cause } = {}) {
    super(message);
    this.name = 'WebimError';
    this.code = code;
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    if (cause) this.cause = cause;
  }
}

export const Codes = Object.freeze({
  TIMEOUT: 'timeout', // the poll or call did not answer in time
  NETWORK: 'network', // no answer (or, for JSONP, any failed load: a 404 looks the same)
  HTTP: 'http', // an HTTP error status
  UNAVAILABLE: 'unavailable', // 503: the server is there but busy (a slow node): the same call, later
  RATE_LIMITED: 'rate_limited', // 429: too many calls: the same call, after Retry-After
  BAD_REPLY: 'bad_reply', // an answer that is not what the protocol says
  UNAUTHORIZED: 'unauthorized', // no or bad token: trying again will not help
  DISCONNECTED: 'disconnected', // the connection was closed while the call waited
});

/** The longest `Retry-After` the widget honours (a bigger one is taken as this). */
export const MAX_RETRY_AFTER = 5 * 60 * 1000;

/** `Retry-After` (seconds, or an HTTP date) in ms; 0 when absent or unreadable. */
export function retryAfterMs(value, now = Date.now()) {
  if (value === null || value === undefined || value === '') return 0;
  const s = String(value).trim();
  let ms;
  if (/^\d+$/.test(s)) ms = Number(s) * 1000;
  else {
    const at = Date.parse(s);
    ms = Number.isNaN(at) ? 0 : at - now;
  }
  return Math.max(0, Math.min(MAX_RETRY_AFTER, ms));
}

/**
 * An error for an HTTP status: 401 is final; 503 (unavailable) and 429 (rate limited) mean "the same
 * call later" (honour `retryAfter`), never "log in again"; other 5xx may pass; other 4xx will not. A
 * `/webim/message` reply with `kept: true` says the gateway stored the message (`serverId`): it is not
 * to be sent again.
 */
export function httpError(status, body, action, { retryAfter = 0 } = {}) {
  const message = (body && (body.message || body.error_msg || body.error)) || `HTTP ${status}`;
  let code = Codes.HTTP;
  if (status === 401) code = Codes.UNAUTHORIZED;
  else if (status === 503) code = Codes.UNAVAILABLE;
  else if (status === 429) code = Codes.RATE_LIMITED;
  const retryable = status >= 500 || status === 429 || status === 0 || !!(body && body.retryable === true);
  // A cross-origin page cannot read Retry-After (not a CORS-safelisted header): the body says it too.
  if (!retryAfter && body && Number.isFinite(body.retry_after) && body.retry_after > 0) {
    retryAfter = Math.min(MAX_RETRY_AFTER, body.retry_after * 1000);
  }
  const err = new WebimError(code, `${action ? action + ': ' : ''}${message}`, { status, retryable, retryAfter });
  if (body && typeof body.error === 'string') err.reason = body.error;
  if (body && body.kept === true) {
    err.kept = true;
    if (typeof body.id === 'string') err.serverId = body.id;
  }
  return err;
}

/** Whether an error means "busy: the same call later" rather than a failure (503, 429). */
export function isRetryLater(err) {
  return !!err && (err.code === Codes.UNAVAILABLE || err.code === Codes.RATE_LIMITED);
}
