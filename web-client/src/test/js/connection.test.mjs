import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIm, waitFor, until } from './fake-im.mjs';
import { Connection, State } from '../../main/js/core/connection.js';
import { GatewayApi } from '../../main/js/core/api.js';
import { FetchTransport } from '../../main/js/core/transport.js';
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
