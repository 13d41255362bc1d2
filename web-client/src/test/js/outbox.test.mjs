// The outbox's logic (core/outbox.js) with a scripted deliver function: order, waiting for the
// connection, retry-later errors, giving up, and a retry that keeps the order.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox, worthRetrying, newClientId, GAVE_UP } from '../../main/js/core/outbox.js';
import { WebimError, Codes, httpError } from '../../main/js/core/errors.js';

function outbox({ script = () => ({ ok: true }), ready = () => true, ...opts } = {}) {
  const tries = [];
  const box = new Outbox({
    deliver: async (item) => {
      tries.push(item);
      const r = script(item, tries.length);
      if (r instanceof Error) throw r;
      return r;
    },
    ready, minDelay: 5, maxDelay: 20, giveUpAfter: 1000, ...opts,
  });
  return { box, tries };
}

const network = () => new WebimError(Codes.NETWORK, 'message: fetch failed', { retryable: true });

describe('Outbox', () => {
  test('sends in order, one at a time', async () => {
    const { box, tries } = outbox();
    const replies = await Promise.all(['a', 'b', 'c'].map((x) => box.add(x)));
    assert.deepEqual(tries, ['a', 'b', 'c']);
    assert.deepEqual(replies, [{ ok: true }, { ok: true }, { ok: true }]);
    assert.equal(box.size, 0);
  });

  test('waits while the connection is down, then sends everything in order once woken', async () => {
    let up = false;
    const { box, tries } = outbox({ ready: () => up });
    const done = ['one', 'two', 'three'].map((x) => box.add(x));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(tries, [], 'nothing sent while down');
    assert.equal(box.size, 3);
    up = true;
    box.wake();
    await Promise.all(done);
    assert.deepEqual(tries, ['one', 'two', 'three']);
  });

  test('network errors, 502, 503 and 429 mean "the same message later"; the head holds back the rest', async () => {
    const errors = [network(), httpError(502, null, 'message'), httpError(503, { error: 'unavailable' }, 'message'),
      httpError(429, { error: 'rate_limited' }, 'message')];
    const { box, tries } = outbox({ script: (item, n) => (n <= errors.length ? errors[n - 1] : { id: item }) });
    const retries = [];
    box.on('retry', (e) => retries.push(e.error.status || e.error.code));
    const replies = await Promise.all([box.add('first'), box.add('second')]);
    assert.deepEqual(tries, ['first', 'first', 'first', 'first', 'first', 'second']);
    assert.deepEqual(retries, [Codes.NETWORK, 502, 503, 429]);
    assert.deepEqual(replies, [{ id: 'first' }, { id: 'second' }]);
  });

  test('Retry-After is honoured', async () => {
    const { box } = outbox({ script: (item, n) => (n === 1 ? httpError(429, null, 'message', { retryAfter: 150 }) : 'ok') });
    const t0 = Date.now();
    await box.add('x');
    assert.ok(Date.now() - t0 >= 140, 'waited Retry-After');
  });

  test('a refusal that sending again cannot change fails that message alone', async () => {
    const kept = httpError(503, { error: 'unavailable', kept: true, id: 'k1' }, 'message');
    const { box, tries } = outbox({
      script: (item) => (item === 'bad' ? httpError(400, { error: 'invalid_parameter' }, 'message') : item === 'kept' ? kept : 'ok'),
    });
    const results = await Promise.allSettled(['bad', 'kept', 'fine'].map((x) => box.add(x)));
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'fulfilled']);
    assert.equal(results[0].reason.status, 400);
    assert.equal(results[1].reason.kept, true, 'stored by the gateway: not sent again');
    assert.deepEqual(tries, ['bad', 'kept', 'fine'], 'each tried once');
  });

  test('gives up on the head after giveUpAfter, and on everything behind it; added again, they go in order', async () => {
    let up = true;
    let failing = true;
    const { box, tries } = outbox({ ready: () => up, giveUpAfter: 120, script: (item) => (failing ? network() : item) });
    const results = await Promise.allSettled(['m1', 'm2', 'm3'].map((x) => box.add(x)));
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
    assert.ok(results.every((r) => r.reason.code === GAVE_UP), 'all "not sent"');
    assert.ok(tries.every((t) => t === 'm1'), 'only the head was tried: the order is kept');
    tries.length = 0;
    failing = false;
    assert.deepEqual(await Promise.all(['m1', 'm2', 'm3'].map((x) => box.add(x))), ['m1', 'm2', 'm3']);
    assert.deepEqual(tries, ['m1', 'm2', 'm3']);
    up = false;
    const late = box.add('m4');
    await assert.rejects(late, (e) => e.code === GAVE_UP, 'also when the connection never came back');
  });

  test('stop rejects what is queued', async () => {
    const { box } = outbox({ ready: () => false });
    const p = box.add('x');
    box.stop();
    await assert.rejects(p, (e) => e.code === Codes.DISCONNECTED);
  });

  test('what is worth retrying, and client ids', () => {
    assert.equal(worthRetrying(network()), true);
    assert.equal(worthRetrying(new WebimError(Codes.TIMEOUT, 't')), true);
    assert.equal(worthRetrying(httpError(504, null)), true);
    assert.equal(worthRetrying(httpError(500, null)), false, 'a 500 is a bug, not a busy server');
    assert.equal(worthRetrying(httpError(403, { error: 'not_your_ticket' })), false);
    assert.equal(worthRetrying(httpError(401, null)), false);
    const ids = new Set(Array.from({ length: 1000 }, () => newClientId()));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_.@-]{1,64}$/);
  });
});
