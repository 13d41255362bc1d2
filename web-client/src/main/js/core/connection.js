/**
 * One page's connection to the IM: log in through the gateway (`/webim/online`), then long-poll the
 * router's `/packets` with a cursor. An explicit state machine,
 *
 *   disconnected ──connect()──▶ connecting ──login ok──▶ connected ◀─┐ poll unavailable (503):
 *        ▲                        ▲   │ login failed: retry after backoff   │ └─┘ same ticket and cursor
 *        │                        │   ▼                                     │     after backoff
 *        └──disconnect()──────────┴───────────────────────────────────────┘ poll failed twice, 404,
 *                                                                              overflow: log in again
 *
 * emitting `state` ({oldState, newState, reason}), `login` (the online reply), `packets` (each poll
 * reply), `error` (each failure, for logs and UI hints) and `retrying` ({retrying, reason, delay}: true
 * while polls of a live page are answered "unavailable", false once one succeeds — the UI shows
 * "reconnecting").
 *
 * Polls: each asks for the packets after `cursor`; one that has not answered after the router's poll
 * timeout + `pollGrace` is given up and polled again with the same cursor, so nothing is lost. A failed
 * poll is retried with the same cursor after a backoff; after `maxPollFailures` failures in a row the
 * page is taken as gone (JSONP cannot tell a 404 from a dropped network) and the connection logs in
 * again. A poll answered "unavailable" (JSONP: a reply with `status: "unavailable"`; fetch: a 503) or
 * 429 is no failure: the router says the page lives on a node that is slow right now, so the same
 * ticket and cursor are polled again after the backoff (at least `Retry-After`), in the connected state.
 *
 * Backoff: one full-jitter backoff (`minDelay`–`maxDelay`) spans logins and polls, and is reset only
 * when a poll succeeds — a login that succeeds while polls keep failing (a router the gateway reaches
 * but the browser does not) does not make the next round start from the shortest delay again.
 */
import { Emitter } from './emitter.js';
import { Backoff } from './backoff.js';
import { WebimError, Codes, isRetryLater, MAX_RETRY_AFTER } from './errors.js';

export const State = Object.freeze({
  DISCONNECTED: 'disconnected',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
});

export const CONNECTION_DEFAULTS = Object.freeze({
  pollTimeout: 28000, // the router's ROUTER_POLL_TIMEOUT_MS
  pollGrace: 4000, // given up after pollTimeout + pollGrace
  pollDelay: 0, // pause between a reply and the next poll
  maxPollFailures: 2, // failures in a row before logging in again
  minDelay: 500, // backoff bounds
  maxDelay: 20000,
});

export class Connection extends Emitter {
  /**
   * @param {object} o
   * @param {import('./api.js').GatewayApi} o.api
   * @param {{poll: Function, close: Function}} o.transport
   * @param {() => object|null} o.loginParams params of /webim/online; null means "stay offline"
   */
  constructor({ api, transport, loginParams, logger = null, random, ...options }) {
    super();
    this.options = { ...CONNECTION_DEFAULTS, ...options };
    this.api = api;
    this.transport = transport;
    this.loginParams = loginParams || (() => ({}));
    this.logger = logger;
    this.backoff = new Backoff({ minDelay: this.options.minDelay, maxDelay: this.options.maxDelay, random });
    this._state = State.DISCONNECTED;
    this._gen = 0; // bumped on every (re)start: stale async results compare and drop themselves
    this._timer = null;
    this._failures = 0;
    this._retrying = false;
    this.ticket = null;
    this.domain = null;
    this.server = null;
    this.cursor = 0;
    this.logins = 0;
  }

  get state() {
    return this._state;
  }

  get connected() {
    return this._state === State.CONNECTED;
  }

  /** True while the page's polls are answered "unavailable" and retried (connected, but not live). */
  get retrying() {
    return this._retrying;
  }

  _setRetrying(retrying, detail = {}) {
    if (!retrying && !this._retrying) return;
    this._retrying = retrying;
    this.emit('retrying', { retrying, ...detail });
  }

  /** The next backoff delay, and at least what the server asked for (`Retry-After`). */
  _delay(err) {
    const asked = Math.min(MAX_RETRY_AFTER, (err && err.retryAfter) || 0);
    return Math.max(this.backoff.next(), asked);
  }

  _log(...args) {
    if (this.logger) this.logger('[webim connection]', ...args);
  }

  _setState(newState, reason) {
    const oldState = this._state;
    if (oldState === newState) return;
    this._state = newState;
    this._log(oldState, '→', newState, reason || '');
    this.emit('state', { oldState, newState, reason });
  }

  _schedule(fn, delay) {
    clearTimeout(this._timer);
    this._timer = setTimeout(fn, delay);
  }

  /** Starts logging in (no-op unless disconnected). */
  connect() {
    if (this._state !== State.DISCONNECTED) return;
    this.backoff.reset();
    this._setState(State.CONNECTING, 'connect');
    this._login(++this._gen);
  }

  /** Drops the ticket and logs in again now (overflow, or the caller knows the page is gone). */
  reconnect(reason = 'reconnect') {
    if (this._state === State.DISCONNECTED) return this.connect();
    this.transport.close();
    this.ticket = null;
    this._setRetrying(false, { reason });
    this._setState(State.CONNECTING, reason);
    this._login(++this._gen);
  }

  /**
   * Stops: no poll, no timer. Does not tell the gateway; see WebimClient for offline/refresh. Before the
   * page is ended on purpose, `{release: true}` first gets a held poll answered (see
   * JsonpTransport.release); resolves once the transport is closed.
   */
  async disconnect(reason = 'disconnect', { release = false } = {}) {
    const held = { url: this.server, params: { domain: this.domain, ticket: this.ticket, cursor: this.cursor } };
    const gen = ++this._gen;
    clearTimeout(this._timer);
    this.ticket = null;
    this._failures = 0;
    this._setRetrying(false, { reason });
    this._setState(State.DISCONNECTED, reason);
    this._rejectWaiters(new WebimError(Codes.DISCONNECTED, 'not connected'));
    if (release && held.params.ticket && this.transport.release) {
      await this.transport.release(held.url, held.params);
      if (gen !== this._gen) return; // connecting again meanwhile: its poll is not to be closed
    }
    this.transport.close();
  }

  /** Resolves when connected (at once if so); rejects if the connection stops first. */
  ready() {
    if (this._state === State.CONNECTED) return Promise.resolve(this);
    if (this._state === State.DISCONNECTED) return Promise.reject(new WebimError(Codes.DISCONNECTED, 'not connected'));
    return new Promise((resolve, reject) => {
      (this._waiters || (this._waiters = [])).push({ resolve, reject });
    });
  }

  _rejectWaiters(err) {
    const w = this._waiters || [];
    this._waiters = [];
    w.forEach((x) => x.reject(err));
  }

  _resolveWaiters() {
    const w = this._waiters || [];
    this._waiters = [];
    w.forEach((x) => x.resolve(this));
  }

  async _login(gen) {
    const params = this.loginParams();
    if (params === null) {
      this.disconnect('offline');
      return;
    }
    let reply;
    try {
      reply = await this.api.online(params);
    } catch (err) {
      if (gen !== this._gen) return;
      this.emit('error', err);
      if (err.code === Codes.UNAUTHORIZED || (err.status >= 400 && err.status < 500 && err.status !== 429 && err.status !== 408)) {
        this.disconnect(err.code === Codes.UNAUTHORIZED ? 'unauthorized' : 'refused');
        return;
      }
      // 5xx, 503 (a slow node), 429, network: the same login later; never faster than Retry-After.
      const delay = this._delay(err);
      this._log('login failed:', err.message, '- again in', delay, 'ms');
      this._schedule(() => gen === this._gen && this._login(gen), delay);
      return;
    }
    if (gen !== this._gen) return;
    const c = reply.connection;
    this.ticket = c.ticket;
    this.domain = c.domain;
    this.server = c.server;
    this.cursor = 0;
    this._failures = 0;
    this.logins++;
    // No backoff reset here: only a poll that succeeds shows the page is really live.
    this._setState(State.CONNECTED, 'login');
    this.emit('login', reply);
    this._resolveWaiters();
    this._poll(gen);
  }

  async _poll(gen) {
    if (gen !== this._gen) return;
    const { pollTimeout, pollGrace, pollDelay, maxPollFailures } = this.options;
    let reply;
    try {
      reply = await this.transport.poll(
        this.server,
        { domain: this.domain, ticket: this.ticket, cursor: this.cursor },
        { timeout: pollTimeout + pollGrace },
      );
      if (!reply || typeof reply !== 'object' || !reply.status) {
        throw new WebimError(Codes.BAD_REPLY, 'poll reply without status');
      }
      if (reply.status === 'unavailable') {
        // JSONP's form of a 503 (a script served with an error status would not run).
        throw new WebimError(Codes.UNAVAILABLE, 'poll: ' + (reply.message || 'the router is busy'), { retryable: true });
      }
    } catch (err) {
      if (gen !== this._gen || err.code === Codes.DISCONNECTED) return;
      if (isRetryLater(err)) {
        // The page lives on a node that is slow right now: not a sign that it is gone. Same ticket and
        // cursor after the backoff, still connected; the failures in a row start over.
        this._failures = 0;
        this.emit('error', err);
        const delay = this._delay(err);
        this._log('poll unavailable:', err.message, '- same ticket again in', delay, 'ms');
        this._setRetrying(true, { reason: err.code, delay });
        this._schedule(() => this._poll(gen), delay);
        return;
      }
      this._failures++;
      this.emit('error', err);
      if (this._failures >= maxPollFailures) {
        this._failures = 0;
        this.ticket = null;
        this._setRetrying(false, { reason: 'poll failed' });
        this._setState(State.CONNECTING, 'poll failed');
        const delay = this.backoff.next();
        this._log('poll failed', maxPollFailures, 'times: logging in again in', delay, 'ms');
        const next = ++this._gen;
        this._schedule(() => this._login(next), delay);
      } else if (err.code === Codes.TIMEOUT) {
        this._poll(gen); // a lost reply: ask again for the same cursor at once
      } else {
        this._schedule(() => this._poll(gen), this.backoff.next());
      }
      return;
    }
    this._failures = 0;
    this.backoff.reset(); // the one place the backoff starts over: the page is live
    this._setRetrying(false, { reason: 'poll' });
    if (typeof reply.cursor === 'number' && reply.cursor > this.cursor) this.cursor = reply.cursor;
    this.emit('packets', reply);
    if (gen !== this._gen) return; // a listener disconnected
    if (reply.overflow) {
      this.reconnect('overflow');
      return;
    }
    if (pollDelay > 0) this._schedule(() => this._poll(gen), pollDelay);
    else this._poll(gen);
  }
}
