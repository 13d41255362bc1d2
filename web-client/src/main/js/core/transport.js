/**
 * Transports fetch one poll reply from the router's GET /packets. They share one shape:
 * `poll(url, params, {timeout}) → Promise<reply object>` and `close()` (drops any poll in flight). The
 * connection does not know which one runs.
 */
import { WebimError, Codes, httpError, retryAfterMs } from './errors.js';

export function withParams(url, params) {
  const q = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    q.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(v)));
  }
  if (!q.length) return url;
  return url + (url.includes('?') ? '&' : '?') + q.join('&');
}

/**
 * JSONP through a script element: the router sends no CORS headers, and this is what the deployed
 * clients use. A failed load (a 404 for an ended page, a refused connection) is one `network` error:
 * the browser does not say which. That is why a router whose node holding the page is slow answers
 * JSONP with status 200 and `{"status": "unavailable", "retryable": true}`: the reply resolves like any
 * other, and the connection tells it apart.
 */
export class JsonpTransport {
  constructor({ document: doc = globalThis.document, window: win = globalThis, namespace = '__nextimJsonp' } = {}) {
    this.document = doc;
    this.window = win;
    this.namespace = namespace;
    if (!win[namespace]) win[namespace] = { seq: 0 };
    this.callbacks = win[namespace];
    this.inflight = new Set();
  }

  /**
   * A script added before the page's `load` event holds that event until it answers: a held poll would
   * keep the browser's loading indicator spinning for the whole poll timeout. So the first poll waits.
   */
  _loaded() {
    const doc = this.document;
    if (!doc.readyState || doc.readyState === 'complete' || !this.window.addEventListener) return Promise.resolve();
    return new Promise((resolve) => this.window.addEventListener('load', () => setTimeout(resolve, 0), { once: true }));
  }

  async poll(url, params, options = {}) {
    await this._loaded();
    return this._poll(url, params, options);
  }

  _poll(url, params, { timeout = 32000 } = {}) {
    return new Promise((resolve, reject) => {
      const name = 'p' + ++this.callbacks.seq + '_' + Date.now().toString(36);
      const script = this.document.createElement('script');
      let timer = null;
      let settle;
      const entry = {
        settled: new Promise((r) => (settle = r)),
        finish: (err, value) => {
          if (!this.inflight.has(entry)) return;
          this.inflight.delete(entry);
          settle();
          clearTimeout(timer);
          script.onload = script.onerror = null;
          if (script.parentNode) script.parentNode.removeChild(script);
          if (err) {
            // A late reply of a poll we gave up calls a no-op, not a missing function.
            this.callbacks[name] = () => delete this.callbacks[name];
            const t = setTimeout(() => delete this.callbacks[name], 120000);
            if (t && t.unref) t.unref();
          } else {
            delete this.callbacks[name];
          }
          if (err) reject(err);
          else resolve(value);
        },
      };
      this.callbacks[name] = (reply) => entry.finish(null, reply);
      script.async = true;
      script.src = withParams(url, { ...params, callback: this.namespace + '.' + name });
      script.onerror = () => entry.finish(new WebimError(Codes.NETWORK, 'poll failed to load', { retryable: true }));
      // A script that loaded but never called back (not JSONP at all) is a bad reply.
      script.onload = () => setTimeout(() => entry.finish(new WebimError(Codes.BAD_REPLY, 'poll reply was not JSONP')), 0);
      timer = setTimeout(() => entry.finish(new WebimError(Codes.TIMEOUT, 'poll timed out', { retryable: true })), timeout);
      this.inflight.add(entry);
      (this.document.head || this.document.documentElement).appendChild(script);
    });
  }

  close() {
    for (const entry of [...this.inflight]) entry.finish(new WebimError(Codes.DISCONNECTED, 'transport closed'));
  }

  /**
   * Gets a held poll answered before its page ends, so that it ends as a script and not as the router's
   * JSON 404 for a dead ticket (which Chromium's ORB blocks with a red console error; removing a script
   * element does not cancel its request). A second poll on the ticket makes the router answer the held
   * one at once with an empty reply; that second poll is a fetch (no-cors: the router sends no CORS
   * headers, and its reply is not read), which, unlike a script, can be cancelled once the first has
   * been answered (or after `wait` ms).
   */
  async release(url, params, { wait = 3000 } = {}) {
    const held = [...this.inflight];
    const fetchFn = this.window.fetch;
    if (!held.length || typeof fetchFn !== 'function' || typeof AbortController !== 'function') return;
    const ctl = new AbortController();
    fetchFn.call(this.window, withParams(url, params), { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: ctl.signal })
      .catch(() => {});
    let timer;
    await Promise.race([Promise.all(held.map((e) => e.settled)), new Promise((r) => (timer = setTimeout(r, wait)))]);
    clearTimeout(timer);
    ctl.abort();
  }
}

/** Plain JSON over fetch: for routers reachable with CORS, and for tests in Node. */
export class FetchTransport {
  constructor({ fetch: fetchFn = (...a) => globalThis.fetch(...a) } = {}) {
    this.fetch = fetchFn;
    this.inflight = new Set();
  }

  async poll(url, params, { timeout = 32000 } = {}) {
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, timeout);
    this.inflight.add(ctl);
    try {
      const res = await this.fetch(withParams(url, params), { signal: ctl.signal, cache: 'no-store' });
      const text = await res.text();
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      // A 503 (a slow router node) is `unavailable`: the connection polls again, same ticket and cursor.
      if (!res.ok) throw httpError(res.status, body, 'poll', { retryAfter: retryAfterMs(res.headers.get('retry-after')) });
      if (!body || typeof body !== 'object') throw new WebimError(Codes.BAD_REPLY, 'poll reply was not JSON');
      return body;
    } catch (e) {
      if (e instanceof WebimError) throw e;
      if (timedOut) throw new WebimError(Codes.TIMEOUT, 'poll timed out', { retryable: true });
      if (ctl.signal.aborted) throw new WebimError(Codes.DISCONNECTED, 'transport closed');
      throw new WebimError(Codes.NETWORK, 'poll failed: ' + e.message, { retryable: true, cause: e });
    } finally {
      clearTimeout(timer);
      this.inflight.delete(ctl);
    }
  }

  close() {
    for (const ctl of [...this.inflight]) ctl.abort();
  }
}
