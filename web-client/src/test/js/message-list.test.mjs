// ui/message-list.js and ui/receipts.js messageState: one bubble per message, appended; a state change
// repaints that bubble in place; the same body twice is two bubbles, told apart by their ids.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { domEnv, idleClient, context } from './dom-env.mjs';
import { MessageList, groupedWith } from '../../main/js/ui/message-list.js';
import { messageState } from '../../main/js/ui/receipts.js';

test('messageState: sending, failed, seen, delivered, kept, later, sent', () => {
  assert.equal(messageState({ pending: true }), 'sending');
  assert.equal(messageState({ failed: true }), 'failed');
  assert.equal(messageState({ delivered: true, seen: true }), 'seen');
  assert.equal(messageState({ delivered: true }), 'delivered');
  assert.equal(messageState({ kept: true }), 'kept');
  assert.equal(messageState({ offline: true }), 'later');
  assert.equal(messageState({}), 'sent');
});

test('groupedWith: same sender within five minutes of the same day', () => {
  const t = Date.parse('2026-03-04T10:00:00');
  assert.ok(groupedWith({ from: 'a', timestamp: t }, { from: 'a', timestamp: t + 60000 }));
  assert.ok(!groupedWith({ from: 'a', timestamp: t }, { from: 'b', timestamp: t + 60000 }));
  assert.ok(!groupedWith({ from: 'a', timestamp: t }, { from: 'a', timestamp: t + 6 * 60000 }));
  assert.ok(!groupedWith(undefined, { from: 'a', timestamp: t }));
});

describe('MessageList', () => {
  let env;
  let client;
  let list;
  const key = 'unicast:bob';
  beforeEach(() => {
    env = domEnv();
    client = idleClient('alice');
    client._putBuddy({ id: 'bob', nick: 'Bob', presence: 'online', group: 'friend' });
    const conv = client.conversation(key);
    conv.historyLoaded = true;
    list = new MessageList(context(client, env), { key });
    env.document.body.append(list.el);
    list.render();
    client.on('message', (e) => e.conv.key === key && list.append(e.msg));
    client.on('message-update', () => list.refresh());
    client.on('receipts', () => list.refresh());
  });
  afterEach(() => client.stop());
  const bubbles = () => [...list.el.querySelectorAll('.webim-msg')];
  const incoming = (id, body) => client._onPackets({ messages: [{ id, from: 'bob', nick: 'Bob', to: 'alice', type: 'unicast', body, timestamp: Date.now() }] });

  test('a new message appends one bubble; those before stay the same nodes', () => {
    assert.ok(list.el.querySelector('.webim-empty'));
    incoming('g1', 'hello');
    const first = bubbles()[0];
    assert.equal(list.el.querySelector('.webim-empty'), null);
    incoming('g2', 'there');
    assert.equal(bubbles().length, 2);
    assert.equal(bubbles()[0], first);
    assert.ok(bubbles()[1].classList.contains('webim-grouped'), 'the second from bob within minutes: no head of its own');
    assert.deepEqual(bubbles().map((b) => b.dataset.id), ['g1', 'g2']);
  });

  test('our message: sending, then its gateway id and delivered, in place; the receipt label moves to the newest', async () => {
    const conv = client.conversation(key);
    client.send(key, 'one');
    const one = bubbles()[0];
    assert.equal(one.dataset.state, 'sending');
    assert.ok(one.classList.contains('webim-pending'));
    assert.equal(one.querySelector('.webim-msg-state').textContent, 'sending…');
    // What _queue does with the gateway's reply, for the outbox item of this message.
    const settle = (msg, id) => {
      msg.pending = false;
      msg.serverId = id;
      conv.ids.add(id);
      conv.mark('delivered', id, 'alice');
      client.emit('message-update', { conv, msg });
    };
    settle(conv.messages[0], 'g1');
    assert.equal(bubbles()[0], one, 'the same node');
    assert.equal(one.dataset.state, 'delivered');
    assert.equal(one.dataset.id, 'g1');
    assert.equal(one.querySelector('.webim-receipt').dataset.receipt, 'delivered');
    client.send(key, 'one');
    const two = bubbles()[1];
    settle(conv.messages[1], 'g2');
    assert.deepEqual(bubbles(), [one, two], 'the same body twice: two bubbles, the same nodes');
    assert.deepEqual(bubbles().map((b) => [b.dataset.id, b.dataset.state]), [['g1', 'delivered'], ['g2', 'delivered']]);
    assert.equal(one.querySelector('.webim-receipt'), null, 'the label left the older one');
    assert.equal(two.querySelector('.webim-receipt').dataset.receipt, 'delivered');
    client._receipt('bob', 'read', 'g2');
    assert.equal(two.querySelector('.webim-receipt').dataset.receipt, 'seen');
    assert.deepEqual(bubbles(), [one, two]);
  });

  test('a failed message gets "retry"; a message older than the last shown redraws the list in order', () => {
    const conv = client.conversation(key);
    incoming('g5', 'later one');
    const m = conv.add({ id: 'c1', clientId: 'c1', local: true, from: 'alice', to: 'bob', body: 'x', timestamp: Date.now() + 1000, failed: true }, 'alice');
    list.append(m);
    assert.ok(bubbles()[1].querySelector('.webim-retry'));
    assert.equal(bubbles()[1].dataset.state, 'failed');
    client._onPackets({ messages: [{ id: 'g4', from: 'bob', to: 'alice', type: 'unicast', body: 'earlier one', timestamp: Date.now() - 60000 }] });
    assert.deepEqual(bubbles().map((b) => b.querySelector('.webim-msg-body').textContent), ['earlier one', 'later one', 'x']);
  });
});
