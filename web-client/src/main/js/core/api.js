/**
 * The community gateway's browser API (protocol section 3) over fetch: form-encoded POSTs, the token as
 * `Authorization: Bearer` (or the `webim_token` cookie when the site gives none).
 *
 * A 503 (`unavailable`: a router node is slow or paused) or 429 (`rate_limited`) means "the same call
 * later", never "log in again": reads (GET) and calls that are safe to repeat (`RETRY_SAFE`) are tried
 * again after `Retry-After` (or a full-jitter backoff when there is none), up to `retries` times and
 * `maxRetryWait` ms of waiting in all; then the error (`retryable`, `retryAfter`) goes to the caller.
 * `/webim/message` is never repeated here: the gateway stored it already (its error says `kept`), and
 * `/webim/online` is retried by the connection, which backs off across logins and polls.
 */
import { WebimError, Codes, httpError, retryAfterMs, isRetryLater } from './errors.js';
import { withParams } from './transport.js';
import { Backoff } from './backoff.js';

/** POSTs that do the same when repeated. */
export const RETRY_SAFE = Object.freeze(new Set(['presence', 'setting', 'join', 'leave', 'offline', 'notifications/read']));

export class GatewayApi {
  constructor({
    gateway, token = null, fetch: fetchFn = (...a) => globalThis.fetch(...a), timeout = 15000,
    retries = 2, maxRetryWait = 10000, minRetryDelay = 500, maxRetryDelay = 4000, random,
  } = {}) {
    if (!gateway) throw new TypeError('webim: the gateway URL is required');
    this.base = String(gateway).replace(/\/+$/, '');
    this.token = token;
    this.fetch = fetchFn;
    this.timeout = timeout;
    this.retries = retries;
    this.maxRetryWait = maxRetryWait;
    this.retryBackoff = { minDelay: minRetryDelay, maxDelay: maxRetryDelay, random };
  }

  url(action, params) {
    return withParams(`${this.base}/webim/${action}`, params || {});
  }

  _init(method, params, extra = {}) {
    const headers = { Accept: 'application/json, text/plain' };
    if (this.token) headers.Authorization = 'Bearer ' + this.token;
    const init = { method, headers, credentials: this.token ? 'omit' : 'include', cache: 'no-store', ...extra };
    if (method === 'POST') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
      init.body = withParams('', params).replace(/^\?/, '');
    }
    return init;
  }

  /**
   * One call; resolves with the parsed JSON, or the text (`ok`). A safe call answered 503 or 429 is
   * tried again later (see the class comment).
   */
  async call(action, params = {}, method = 'POST') {
    const safe = method === 'GET' || RETRY_SAFE.has(action);
    let backoff = null;
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this._once(action, params, method);
      } catch (err) {
        if (!safe || !isRetryLater(err) || attempt >= this.retries) throw err;
        if (!backoff) backoff = new Backoff(this.retryBackoff);
        const delay = Math.max(err.retryAfter || 0, backoff.next());
        if (waited + delay > this.maxRetryWait) throw err;
        waited += delay;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  async _once(action, params, method) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.timeout);
    const url = method === 'GET' ? this.url(action, params) : this.url(action);
    let res;
    try {
      res = await this.fetch(url, this._init(method, params, { signal: ctl.signal }));
    } catch (e) {
      throw new WebimError(ctl.signal.aborted ? Codes.TIMEOUT : Codes.NETWORK, `${action}: ${e.message}`, { retryable: true, cause: e });
    } finally {
      clearTimeout(timer);
    }
    const text = await res.text();
    let body = text;
    const type = res.headers.get('content-type') || '';
    if (type.includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new WebimError(Codes.BAD_REPLY, `${action}: reply is not JSON`, { status: res.status });
      }
    }
    if (!res.ok) {
      throw httpError(res.status, typeof body === 'object' ? body : null, action,
        { retryAfter: retryAfterMs(res.headers.get('retry-after')) });
    }
    return body;
  }

  get(action, params) {
    return this.call(action, params, 'GET');
  }

  post(action, params) {
    return this.call(action, params, 'POST');
  }

  /** /webim/online: checks `success` and the connection fields the widget needs. */
  async online(params) {
    const reply = await this.post('online', params);
    if (!reply || typeof reply !== 'object' || !reply.success) {
      throw new WebimError(Codes.BAD_REPLY, 'online: ' + ((reply && reply.error_msg) || 'refused'));
    }
    const c = reply.connection;
    if (!c || !c.ticket || !c.server) throw new WebimError(Codes.BAD_REPLY, 'online: no connection in the reply');
    return reply;
  }

  /**
   * A call that must leave with the page (refresh on pagehide): `fetch` with `keepalive`, which, unlike
   * sendBeacon, can carry the Authorization header. Never throws.
   */
  beacon(action, params) {
    try {
      const p = this.fetch(this.url(action), this._init('POST', params, { keepalive: true }));
      if (p && p.catch) p.catch(() => {});
      return true;
    } catch {
      return false;
    }
  }

  /** The history page as a Blob (the link needs the token, so it cannot be a plain <a href>). */
  async downloadHistory(id, type) {
    const res = await this.fetch(this.url('download_history', { id, type }), this._init('GET', {}));
    if (!res.ok) throw httpError(res.status, null, 'download_history');
    return res.blob();
  }
}
