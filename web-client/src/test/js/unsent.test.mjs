// core/unsent.js and the client around it: messages not sent yet survive a reload of the page
// (sessionStorage) and the next page sends them once each, in order, by their client ids.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIm, until } from './fake-im.mjs';
import { WebimClient } from '../../main/js/core/client.js';
import { FetchTransport } from '../../main/js/core/transport.js';
import { MemoryStorage } from '../../main/js/core/model.js';
import { UnsentStore } from '../../main/js/core/unsent.js';

describe('UnsentStore', () => {
  test('keeps entries per user, in order; nothing left removes the key', () => {
    const storage = new MemoryStorage();
    const alice = new UnsentStore({ storage, user: 'alice' });
    alice.save([{ key: 'unicast:bob', clientId: 'c1', body: 'one', style: '', timestamp: 1, failed: false },
      { key: 'unicast:bob', clientId: 'c2', body: 'two', style: '', timestamp: 2, failed: true }]);
    assert.deepEqual(alice.load().map((e) => [e.clientId, e.failed]), [['c1', false], ['c2', true]]);
    assert.deepEqual(new UnsentStore({ storage, user: 'bob' }).load(), []);
    alice.save([]);
    assert.equal(storage.getItem('nextim:alice:outbox'), null);
  });

  test('ignores what it cannot use: corrupt JSON, entries without a key, client id or body', () => {
    const storage = new MemoryStorage();
    const store = new UnsentStore({ storage, user: 'alice' });
    storage.setItem(store.key, '{not json');
    assert.deepEqual(store.load(), []);
    storage.setItem(store.key, JSON.stringify([{ key: 'bob', clientId: 'c', body: 'x' }, { key: 'unicast:bob', body: 'x' },
      { key: 'unicast:bob', clientId: 'c', body: ' ' }, null, { key: 'unicast:bob', clientId: 'c3', body: 'ok', timestamp: 'x' }]));
    assert.deepEqual(store.load().map((e) => e.clientId), ['c3']);
    assert.equal(new UnsentStore({ storage: null, user: 'alice' }).load().length, 0);
  });
});

describe('WebimClient: the outbox through a reload', () => {
  let im;
  let pages = [];
  beforeEach(async () => {
    im = await startFakeIm();
    pages = [];
  });
  afterEach(async () => {
    for (const p of pages) p.stop();
    await im.close();
  });
  const page = (session) => {
    const c = new WebimClient({
      gateway: im.url, token: 'alice', user: 'alice', transport: new FetchTransport(), storage: new MemoryStorage(), sessionStorage: session,
      pollTimeout: 300, pollGrace: 200, minDelay: 10, maxDelay: 40, outboxMinDelay: 10, outboxMaxDelay: 20,
    });
    pages.push(c);
    return c;
  };

  test('written before the connection was up, sent by the next page once each, in order; one that reached the gateway not stored twice', async () => {
    const session = new MemoryStorage();
    const first = page(session);
    first.send('unicast:bob', 'one');
    first.send('unicast:bob', 'two');
    const kept = JSON.parse(session.getItem('nextim:alice:outbox'));
    assert.deepEqual(kept.map((e) => [e.body, e.failed]), [['one', false], ['two', false]]);
    // 'one' reached the gateway and its reply was lost; then the page reloads.
    const [c1, c2] = kept.map((e) => e.clientId);
    im.sent.set('alice/' + c1, { id: 'g-one', timestamp: Date.now(), body: 'one', client_id: c1, from: 'alice' });
    first.stop();
    assert.equal(session.getItem('nextim:alice:outbox') !== null, true, 'stopping the page keeps them');
    // The next page: the history of the open chat brings 'one' back with its client id.
    im.onlineReply = () => ({ histories: { bob: [{ id: 'g-one', from: 'alice', nick: 'Alice', to: 'bob', type: 'unicast', body: 'one', client_id: c1, timestamp: Date.now() }] } });
    const next = page(session);
    next.shared.open('unicast:bob', { activate: true });
    next.start();
    const conv = next.conversation('unicast:bob');
    await until(() => im.calls.filter((x) => x.action === 'message').length === 2 && conv.messages.length === 2 && conv.messages.every((m) => !m.pending), 3000, 'sent');
    const sends = im.calls.filter((x) => x.action === 'message').map((x) => [x.params.body, x.params.client_id]);
    assert.deepEqual(sends, [['one', c1], ['two', c2]], 'in order, with their client ids');
    assert.equal(im.sent.size, 2, 'the gateway stored each once');
    assert.deepEqual(next.conversation('unicast:bob').messages.map((m) => [m.body, m.serverId]), [['one', 'g-one'], ['two', im.sent.get('alice/' + c2).id]],
      'shown once each');
    assert.equal(session.getItem('nextim:alice:outbox'), null, 'nothing left');
  });

  test('given up on: shown "not sent" after the reload, and sent when retried', async () => {
    const session = new MemoryStorage();
    const first = page(session);
    first.outbox.options.giveUpAfter = 30;
    im.replies.set('message', () => [503, { error: 'unavailable', message: 'busy', retryable: true }]);
    first.start();
    const sent = first.send('unicast:bob', 'stuck');
    const msg = await sent;
    assert.equal(msg.failed, true);
    assert.deepEqual(JSON.parse(session.getItem('nextim:alice:outbox')).map((e) => [e.body, e.failed]), [['stuck', true]]);
    first.stop();
    im.replies.delete('message');
    const next = page(session);
    next.start();
    await until(() => next.conversation('unicast:bob').messages.length === 1, 3000, 'shown again');
    const shown = next.conversation('unicast:bob').messages[0];
    assert.equal(shown.failed, true, 'not sent again by itself');
    const before = im.calls.filter((x) => x.action === 'message').length;
    await next.retryFailed('unicast:bob');
    assert.equal(im.calls.filter((x) => x.action === 'message').length, before + 1);
    assert.equal(shown.failed, false);
    assert.equal(session.getItem('nextim:alice:outbox'), null);
  });

  test('an anonymous page (no user in the token) keeps nothing until it knows who it is', () => {
    const session = new MemoryStorage();
    const c = new WebimClient({ gateway: im.url, transport: new FetchTransport(), sessionStorage: session });
    pages.push(c);
    c.send('unicast:bob', 'who am I?');
    assert.equal(session.map.size, 0);
  });
});
