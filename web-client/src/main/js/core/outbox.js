/**
 * The messages this page has yet to get through to the gateway, sent one at a time, in the order they
 * were written, each exactly once.
 *
 * Every message carries a client id; the gateway stores one message per (sender, client id) and answers
 * a repeat with the stored one, so the outbox may send a message again whenever it did not hear the
 * reply. While the connection is down a message waits; a network error, a timeout, 502, 503 or 429
 * means "the same message later" (after `Retry-After` when given, else a full-jitter backoff) — never
 * "log in again". The head of the queue holds back the rest, so the order is kept. Only when the head
 * has waited `giveUpAfter` ms does the outbox give up, and then on every message queued behind it too
 * (they would go out of order otherwise): each is rejected with code `gave_up`; `add` them again, in
 * their order, to retry. A refusal that sending again cannot change (400, 403, 404, or the gateway says
 * it `kept` the message) rejects that message alone and the queue goes on.
 *
 * Events: `retry` ({item, error, delay}) each time the head waits for another try, `idle` when the queue
 * empties.
 */
import { Emitter } from './emitter.js';
import { Backoff } from './backoff.js';
import { WebimError, Codes, MAX_RETRY_AFTER } from './errors.js';

export const OUTBOX_DEFAULTS = Object.freeze({
  giveUpAfter: 3 * 60 * 1000, // how long the head of the queue is tried before "not sent"
  minDelay: 1000, // backoff between tries of the head
  maxDelay: 15000,
});

export const GAVE_UP = 'gave_up';

/** Whether sending the same message again later may work (and, by its client id, cannot duplicate it). */
export function worthRetrying(err) {
  if (!err || err.kept) return false;
  if ([Codes.NETWORK, Codes.TIMEOUT, Codes.DISCONNECTED, Codes.UNAVAILABLE, Codes.RATE_LIMITED].includes(err.code)) return true;
  return err.status === 502 || err.status === 503 || err.status === 504 || err.status === 429 || err.status === 408;
}

/** A client id: unique per sender, not a secret. */
export function newClientId(random = Math.random) {
  let s = '';
  for (let i = 0; i < 4; i++) s += Math.floor(random() * 0x100000000).toString(36);
  return `c${Date.now().toString(36)}.${s}`.slice(0, 64);
}

export class Outbox extends Emitter {
  /**
   * @param {object} o
   * @param {(item: any) => Promise<any>} o.deliver sends one item; resolves with the gateway's reply
   * @param {() => boolean} o.ready whether the connection is up (a ticket to send with)
   */
  constructor({ deliver, ready, random, now = () => Date.now(), ...options }) {
    super();
    this.options = { ...OUTBOX_DEFAULTS, ...options };
    this.deliver = deliver;
    this.ready = ready;
    this.now = now;
    this.backoff = new Backoff({ minDelay: this.options.minDelay, maxDelay: this.options.maxDelay, random });
    this.queue = []; // {item, resolve, reject, since}
    this._running = false;
    this._wake = null;
    this._stopped = false;
  }

  get size() {
    return this.queue.length;
  }

  /** Queues an item; resolves with the gateway's reply once it went, rejects when it will not go. */
  add(item) {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject, since: null });
      this._pump();
    });
  }

  /** The connection is (back) up: try now instead of at the end of a wait. */
  wake() {
    if (this._wake) this._wake();
    else this._pump();
  }

  /** Rejects everything queued (the page goes away); the outbox takes nothing more. */
  stop() {
    this._stopped = true;
    const left = this.queue.splice(0);
    left.forEach((e) => e.reject(new WebimError(Codes.DISCONNECTED, 'the outbox stopped')));
    if (this._wake) this._wake();
  }

  _sleep(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self._wake === done) self._wake = null;
        resolve();
      }
      this._wake = done;
    });
  }

  _giveUp(err) {
    const all = this.queue.splice(0);
    const gaveUp = new WebimError(GAVE_UP, 'not sent: ' + ((err && err.message) || 'no connection'), { retryable: true });
    if (err) gaveUp.cause = err;
    all.forEach((e) => e.reject(gaveUp));
  }

  async _pump() {
    if (this._running || this._stopped) return;
    this._running = true;
    try {
      let lastError = null;
      while (this.queue.length && !this._stopped) {
        const head = this.queue[0];
        if (head.since === null) head.since = this.now();
        const left = head.since + this.options.giveUpAfter - this.now();
        if (left <= 0) {
          this._giveUp(lastError);
          lastError = null;
          continue;
        }
        if (!this.ready()) {
          await this._sleep(left); // until wake() or the deadline
          continue;
        }
        try {
          const reply = await this.deliver(head.item);
          this.queue.shift();
          this.backoff.reset();
          lastError = null;
          head.resolve(reply);
        } catch (err) {
          if (this._stopped) break;
          if (!worthRetrying(err)) {
            this.queue.shift();
            head.reject(err);
            continue;
          }
          lastError = err;
          const delay = Math.min(left, Math.max(this.backoff.next(), Math.min(MAX_RETRY_AFTER, err.retryAfter || 0)));
          this.emit('retry', { item: head.item, error: err, delay });
          await this._sleep(delay);
        }
      }
    } finally {
      this._running = false;
    }
    if (!this.queue.length) this.emit('idle');
  }
}
