import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIm, waitFor, until, fakeDocument } from './fake-im.mjs';
import { Connection, State } from '../../main/js/core/connection.js';
import { GatewayApi } from '../../main/js/core/api.js';
import { FetchTransport, JsonpTransport } from '../../main/js/core/transport.js';
import { retryAfterMs, httpError } from '../../main/js/core/errors.js';
import { Backoff } from '../../main/js/core/backoff.js';

function connection(im, opts = {}) {
  return new Connection({
    api: new GatewayApi({ gateway: im.url, token: 'alice' }),
    transport: new FetchTransport(),
    loginParams: () => ({ show: 'available' }),
    pollTimeout: 300, pollGrace: 200, minDelay: 10, maxDelay: 40,
    ...opts,
  });
}

describe('Connection state machine', () => {
  let im;
  let conn;
  beforeEach(async () => {
    im = await startFakeIm();
  });
  afterEach(async () => {
    conn?.disconnect();
    await im.close();
  });

  test('disconnected → connecting → connected, with state events', async () => {
    conn = connection(im);
    const states = [];
    conn.on('state', (e) => states.push(`${e.oldState}>${e.newState}`));
    assert.equal(conn.state, State.DISCONNECTED);
    conn.connect();
    assert.equal(conn.state, State.CONNECTING);
    await waitFor(conn, 'login');
    assert.equal(conn.state, State.CONNECTED);
    assert.deepEqual(states, ['disconnected>connecting', 'connecting>connected']);
    assert.equal(conn.ticket, 't1');
    assert.equal(im.calls[0].headers.authorization, 'Bearer alice');
  });

  test('polls with a cursor that advances with each reply', async () => {
    conn = connection(im);
    conn.connect();
    await waitFor(conn, 'login');
    await until(() => im.pages.get('t1').held, 2000, 'held poll');
    im.push('t1', 'messages', { id: 'm1', from: 'bob', to: 'alice', body: 'hi', type: 'unicast' });
    const reply = await waitFor(conn, 'packets', (r) => r.messages.length);
    assert.equal(reply.cursor, 1);
    im.push('t1', 'messages', { id: 'm2', from: 'bob', to: 'alice', body: 'again', type: 'unicast' });
    await waitFor(conn, 'packets', (r) => r.messages.length);
    assert.equal(conn.cursor, 2);
    await until(() => im.polls.length >= 3);
    const cursors = im.polls.map((p) => p.cursor);
    assert.deepEqual(cursors.slice(0, 3), ['0', '1', '2']);
  });

  test('an unanswered poll is given up after poll timeout + grace and retried with the same cursor', async () => {
    conn = connection(im, { pollTimeout: 100, pollGrace: 100 });
    conn.connect();
    await waitFor(conn, 'login');
    await until(() => im.pages.get('t1').held);
    im.push('t1', 'messages', { id: 'm1', from: 'bob', to: 'alice', body: 'one', type: 'unicast' });
    await waitFor(conn, 'packets', (r) => r.messages.length);
    im.holdForever = 1; // the next poll is lost on the way
    const err = await waitFor(conn, 'error');
    assert.equal(err.code, 'timeout');
    const lost = im.polls.findIndex((p) => p.lost);
    await until(() => im.polls.length > lost + 1);
    assert.equal(im.polls[lost].cursor, '1');
    assert.equal(im.polls[lost + 1].cursor, '1', 'retried with the same cursor');
    assert.equal(conn.ticket, 't1', 'no new login for one lost poll');
    assert.equal(conn.state, State.CONNECTED);
  });

  test('a reply lost on the way is sent again thanks to the cursor', async () => {
    conn = connection(im);
    const seen = [];
    conn.on('packets', (r) => r.messages.forEach((m) => seen.push(m.id)));
    conn.connect();
    await waitFor(conn, 'login');
    await until(() => im.pages.get('t1').held);
    im.dropNextPolls = 1; // the next poll's socket dies: no reply
    im.push('t1', 'messages', { id: 'm1', from: 'bob', body: 'x', type: 'unicast', to: 'alice' }); // answers the held poll
    im.push('t1', 'messages', { id: 'm2', from: 'bob', body: 'y', type: 'unicast', to: 'alice' });
    await until(() => seen.includes('m2'));
    assert.deepEqual(seen, ['m1', 'm2']);
  });

  test('a dead page (404) makes it log in again by itself, with backoff', async () => {
    conn = connection(im);
    conn.connect();
    await waitFor(conn, 'login');
    await until(() => im.pages.get('t1').held);
    const states = [];
    conn.on('state', (e) => states.push(e.newState));
    im.kill('t1');
    const reply = await waitFor(conn, 'login', () => true, 3000);
    assert.equal(reply.connection.ticket, 't2');
    assert.deepEqual(states, ['connecting', 'connected']);
    assert.equal(conn.cursor, 0, 'a new page starts from cursor 0');
  });

  test('overflow logs in again', async () => {
    conn = connection(im);
    conn.connect();
    await waitFor(conn, 'login');
    await until(() => im.pages.get('t1').held);
    conn.disconnect = conn.disconnect.bind(conn);
    const page = im.pages.get('t1');
    page.bufferLimit = 2;
    im.holdForever = 0;
    // Stop polling briefly so packets pile up beyond the buffer.
    const held = page.held;
    page.held = null;
    clearTimeout(held.timer);
    for (let i = 1; i <= 5; i++) page.packets.push({ seq: ++page.seq, kind: 'messages', packet: { id: 'o' + i, from: 'bob', to: 'alice', body: 'b', type: 'unicast' } });
    page.packets.splice(0, 3);
    page.overflowFrom = page.packets[0].seq;
    held.res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', cursor: 0, messages: [], presences: [], statuses: [] }));
    const reply = await waitFor(conn, 'login');
    assert.equal(reply.connection.ticket, 't2');
  });

  test('login failures retry with backoff; 401 stops', async () => {
    let fails = 2;
    im.replies.set('online', () => (fails-- > 0 ? [502, { error: 'router_unreachable', message: 'down' }] : [200, {
      success: true, connection: { ticket: 'x1', domain: 'localhost', server: im.url + '/packets' }, user: { id: 'alice', nick: 'Alice' },
    }]));
    im.pages.set('x1', { user: 'alice', packets: [], seq: 0 });
    conn = connection(im);
    const errors = [];
    conn.on('error', (e) => errors.push(e.status));
    conn.connect();
    await waitFor(conn, 'login');
    assert.deepEqual(errors, [502, 502]);
    conn.disconnect();

    const c2 = connection(im, {});
    c2.api.token = 'mallory';
    const st = waitFor(c2, 'state', (e) => e.newState === State.DISCONNECTED);
    c2.connect();
    const e = await st;
    assert.equal(e.reason, 'unauthorized');
  });

  test('loginParams null means stay offline', async () => {
    conn = connection(im, { loginParams: () => null });
    const st = waitFor(conn, 'state', (e) => e.newState === State.DISCONNECTED);
    conn.connect();
    assert.equal((await st).reason, 'offline');
    assert.equal(im.calls.length, 0);
  });

  test('ready() waits for the connection and rejects on disconnect', async () => {
    conn = connection(im);
    conn.connect();
    const ready = conn.ready();
    await ready;
    assert.equal(conn.state, State.CONNECTED);
    conn.disconnect();
    await assert.rejects(conn.ready(), { code: 'disconnected' });
  });
});

describe('A slow router node (503 unavailable): the same ticket again, never a new login', () => {
  let im;
  let conn;
  beforeEach(async () => {
    im = await startFakeIm();
  });
  afterEach(async () => {
    conn?.disconnect();
    await im.close();
  });

  /** Records what a connection does: states after connect, error codes, retrying events. */
  function watch(c) {
    const seen = { states: [], errors: [], retrying: [] };
    c.on('state', (e) => seen.states.push(e.newState));
    c.on('error', (e) => seen.errors.push(e.code));
    c.on('retrying', (e) => seen.retrying.push(e.retrying ? e.delay : false));
    return seen;
  }

  const onlineCalls = () => im.calls.filter((c) => c.action === 'online').length;

  test('a JSONP poll answered "unavailable" is polled again after backoff with the same ticket and cursor', async () => {
    const win = {};
    conn = connection(im, { transport: new JsonpTransport({ document: fakeDocument(win), window: win }), random: () => 1 });
    const seen = watch(conn);
    im.unavailablePolls = 3; // more than maxPollFailures (2)
    conn.connect();
    await waitFor(conn, 'login');
    await until(() => im.pages.get('t1').held, 3000, 'a held poll after the unavailable ones');
    im.push('t1', 'messages', { id: 'm1', from: 'bob', to: 'alice', body: 'through the slow node', type: 'unicast' });
    await waitFor(conn, 'packets', (r) => r.messages.length);

    assert.deepEqual(seen.errors, ['unavailable', 'unavailable', 'unavailable']);
    assert.deepEqual(seen.retrying, [10, 20, 40, false], 'growing full-jitter backoff, then "live again"');
    assert.deepEqual(seen.states, ['connecting', 'connected'], 'connected all along');
    assert.equal(onlineCalls(), 1, 'no new login');
    assert.deepEqual(im.polls.slice(0, 4).map((p) => [p.ticket, p.cursor]), Array(4).fill(['t1', '0']));
    assert.equal(conn.retrying, false);
    assert.equal(conn.backoff.attempt, 0, 'reset once a poll succeeded');
  });

  test('a fetch poll answered 503 is no failure: the same ticket again, no new login', async () => {
    conn = connection(im, { random: () => 1 });
    const seen = watch(conn);
    im.unavailablePolls = 3;
    conn.connect();
    await waitFor(conn, 'login');
    await until(() => im.pages.get('t1').held, 3000, 'a held poll after the 503s');
    im.push('t1', 'messages', { id: 'm1', from: 'bob', to: 'alice', body: 'hi', type: 'unicast' });
    await waitFor(conn, 'packets', (r) => r.messages.length);

    assert.deepEqual(seen.errors, ['unavailable', 'unavailable', 'unavailable']);
    assert.deepEqual(seen.states, ['connecting', 'connected']);
    assert.equal(onlineCalls(), 1);
    assert.equal(conn.ticket, 't1');
    assert.ok(im.polls.slice(0, 4).every((p) => p.ticket === 't1' && p.cursor === '0'));
  });

  test('a poll 503 with Retry-After waits at least that long', async () => {
    conn = connection(im);
    im.unavailablePolls = 1;
    im.pollRetryAfter = '1';
    conn.connect();
    await waitFor(conn, 'login');
    await until(() => im.polls.length >= 2, 3000, 'the second poll');
    assert.ok(im.polls[0].unavailable);
    const gap = im.polls[1].at - im.polls[0].at;
    assert.ok(gap >= 990, `polled again after ${gap} ms`);
    assert.equal(im.polls[1].ticket, 't1');
  });

  test('a login answered 503 (Retry-After) then 429 is tried again later, never given up', async () => {
    let n = 0;
    im.replies.set('online', () => {
      n++;
      if (n === 1) return [503, { success: false, error: 'unavailable', error_msg: 'busy', retryable: true }, { 'retry-after': '1' }];
      if (n === 2) return [429, { success: false, error: 'rate_limited', error_msg: 'slow down', retryable: true }];
      return null; // the usual login
    });
    conn = connection(im);
    const seen = watch(conn);
    const t0 = Date.now();
    conn.connect();
    await waitFor(conn, 'login', () => true, 5000);
    assert.ok(Date.now() - t0 >= 990, 'waited for Retry-After');
    assert.deepEqual(seen.errors, ['unavailable', 'rate_limited']);
    assert.deepEqual(seen.states, ['connecting', 'connected']);
    assert.equal(conn.ticket, 't1');
  });

  test('the backoff spans logins and failing polls; it starts over only after a poll succeeds', async () => {
    // The router unreachable from the browser while the gateway logs in fine: before, every login
    // reset the backoff, and the widget logged in again every ~1.4 s for ever.
    conn = connection(im, { random: () => 1, minDelay: 10, maxDelay: 100000 });
    const delays = [];
    const next = conn.backoff.next.bind(conn.backoff);
    conn.backoff.next = () => {
      const d = next();
      delays.push(d);
      return d;
    };
    im.dropNextPolls = Infinity;
    conn.connect();
    await until(() => conn.logins >= 3, 5000, 'three logins');
    assert.deepEqual(delays.slice(0, 4), [10, 20, 40, 80], 'poll retry, login, poll retry, login: ever longer');
    im.dropNextPolls = 0;
    await waitFor(conn, 'packets', () => true, 5000);
    assert.equal(conn.backoff.attempt, 0, 'a poll that succeeds resets it');
  });
});

describe('Gateway API: 503 and 429 mean "the same call later"', () => {
  let im;
  beforeEach(async () => {
    im = await startFakeIm();
  });
  afterEach(async () => {
    await im.close();
  });

  test('Retry-After in seconds or as a date; retryable errors with their codes', () => {
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs(null), 0);
    assert.equal(retryAfterMs('soon'), 0);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 7_000), 3000);
    const e = httpError(503, { error: 'unavailable', message: 'busy', retryable: true, kept: true, id: 'g1' }, 'message', { retryAfter: 1000 });
    assert.equal(e.code, 'unavailable');
    assert.equal(e.retryable, true);
    assert.equal(e.retryAfter, 1000);
    assert.equal(e.kept, true);
    assert.equal(e.serverId, 'g1');
    assert.equal(httpError(429, null, 'x').code, 'rate_limited');
    assert.equal(httpError(404, { error: 'invalid_ticket' }, 'x').retryable, false);
  });

  test('a read answered 503 is tried again; a message answered 503 is never sent twice', async () => {
    const api = new GatewayApi({ gateway: im.url, token: 'alice', minRetryDelay: 10, maxRetryDelay: 20 });
    let busy = 2;
    im.replies.set('buddies', () => (busy-- > 0 ? [503, { error: 'unavailable', message: 'busy', retryable: true }] : null));
    const list = await api.get('buddies');
    assert.ok(Array.isArray(list));
    assert.equal(im.calls.filter((c) => c.action === 'buddies').length, 3);

    im.replies.set('message', () => [503, { error: 'unavailable', message: 'busy', retryable: true, kept: true, id: 'g7' }, { 'retry-after': '1' }]);
    await assert.rejects(api.post('message', { ticket: 't', to: 'bob', body: 'x' }),
      { code: 'unavailable', kept: true, serverId: 'g7', retryable: true, retryAfter: 1000 });
    assert.equal(im.calls.filter((c) => c.action === 'message').length, 1, 'a message is not repeated');
  });

  test('a Retry-After longer than the retry budget is not waited out: the caller gets the error', async () => {
    const api = new GatewayApi({ gateway: im.url, token: 'alice', maxRetryWait: 500 });
    im.replies.set('history', () => [429, { error: 'rate_limited', message: 'slow down', retryable: true }, { 'retry-after': '30' }]);
    await assert.rejects(api.get('history', { id: 'bob' }), { code: 'rate_limited', retryAfter: 30000 });
    assert.equal(im.calls.filter((c) => c.action === 'history').length, 1);
  });
});

describe('Backoff', () => {
  test('full jitter between minDelay and an exponential cap, capped at maxDelay', () => {
    const lo = new Backoff({ minDelay: 500, maxDelay: 20000, random: () => 0 });
    const hi = new Backoff({ minDelay: 500, maxDelay: 20000, random: () => 0.999999 });
    const lows = Array.from({ length: 8 }, () => lo.next());
    const highs = Array.from({ length: 8 }, () => hi.next());
    assert.deepEqual(lows, Array(8).fill(500));
    assert.deepEqual(highs, [500, 1000, 2000, 4000, 8000, 16000, 20000, 20000]);
    hi.reset();
    assert.equal(hi.next(), 500);
  });

  test('random values spread over the range', () => {
    const b = new Backoff({ minDelay: 500, maxDelay: 20000 });
    for (let i = 0; i < 6; i++) b.next();
    const values = Array.from({ length: 200 }, () => {
      const v = b.next();
      b.attempt = 6;
      return v;
    });
    assert.ok(values.every((v) => v >= 500 && v <= 20000));
    assert.ok(new Set(values).size > 50, 'jittered');
  });

  test('rejects nonsense bounds', () => {
    assert.throws(() => new Backoff({ minDelay: 0 }), RangeError);
    assert.throws(() => new Backoff({ minDelay: 10, maxDelay: 5 }), RangeError);
  });
});
