import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { startFakeIm, waitFor, until } from './fake-im.mjs';
import { WebimClient, State } from '../../main/js/core/client.js';
import { FetchTransport } from '../../main/js/core/transport.js';
import { MemoryStorage, SharedState, Conversation } from '../../main/js/core/model.js';

function client(im, { token = 'alice', storage = new MemoryStorage(), win = null, ...opts } = {}) {
  return new WebimClient({
    gateway: im.url, token, user: token, transport: new FetchTransport(), storage, window: win,
    pollTimeout: 300, pollGrace: 200, minDelay: 10, maxDelay: 40, ...opts,
  });
}

const msg = (id, from, to, body, extra = {}) => ({ id, from, nick: from, to, body, type: 'unicast', timestamp: Date.now(), style: '', ...extra });

describe('WebimClient packet handling', () => {
  let im;
  let c;
  beforeEach(async () => {
    im = await startFakeIm();
  });
  afterEach(async () => {
    c?.stop();
    await im.close();
  });

  test('buddies from the login, then the full list; presences update them', async () => {
    im.onlineReply = () => ({ buddies: [{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available', group: 'friend' }] });
    c = client(im);
    c.start();
    await waitFor(c, 'ready');
    assert.equal(c.buddies.get('bob').presence, 'online');
    await until(() => im.calls.some((x) => x.action === 'buddies'));
    await until(() => c.pageReady || im.pages.get('t1').held);
    im.push('t1', 'presences', { from: 'bob', nick: 'Bob', type: 'show', show: 'dnd', status: 'in a meeting' });
    await waitFor(c, 'buddy', (b) => b.show === 'dnd');
    assert.equal(c.buddies.get('bob').status, 'in a meeting');
    im.push('t1', 'presences', { from: 'bob', nick: 'Bob', type: 'offline', show: 'unavailable', status: '' });
    await waitFor(c, 'buddy', (b) => b.presence === 'offline');
  });

  test('messages are shown once across echo, replay, history and new_messages', async () => {
    const m1 = msg('g1', 'bob', 'alice', 'offline hello');
    im.onlineReply = () => ({ new_messages: [m1], histories: { bob: [m1] } });
    c = client(im);
    c.shared.open('unicast:bob', { activate: false });
    const added = [];
    c.on('message', (e) => added.push(e.msg.id));
    c.start();
    await waitFor(c, 'ready');
    await until(() => im.pages.get('t1').held);
    im.push('t1', 'messages', m1); // the same again from the router
    im.push('t1', 'messages', msg('g2', 'bob', 'alice', 'live'));
    await until(() => added.includes('g2'));
    assert.deepEqual(added, ['g1', 'g2']);
    assert.deepEqual(c.conversation('unicast:bob').messages.map((m) => m.body), ['offline hello', 'live']);
    assert.equal(c.shared.unreadCount('unicast:bob'), 2);
    assert.equal(c.conversation('unicast:bob').messages[0].offlineDelivered, true);
  });

  test('a message the gateway kept (router busy or down) is shown as saved, not failed, and once', async () => {
    im.replies.set('message', () => [503, { error: 'unavailable', message: 'the router is busy', retryable: true, kept: true, id: 'k1' }, { 'retry-after': '2' }]);
    c = client(im);
    c.start();
    await waitFor(c, 'ready');
    const sent = await c.send('unicast:bob', 'kept for later');
    assert.equal(sent.failed, undefined, 'no "not sent, retry" for a stored message');
    assert.equal(sent.kept, true);
    assert.equal(sent.serverId, 'k1');
    assert.equal(im.calls.filter((x) => x.action === 'message').length, 1, 'sent once');
    // When it comes back (history, echo, new_messages) under the gateway's id, it is not shown twice.
    const conv = c.conversation('unicast:bob');
    assert.equal(conv.add(msg('k1', 'alice', 'bob', 'kept for later'), 'alice'), null);
    assert.equal(conv.messages.length, 1);
    assert.equal(c.state, State.CONNECTED, 'no new login for a busy router');
  });

  test('a message answered 429 (too many requests) shows "slow down" and is sent again after Retry-After', async () => {
    let refused = 0;
    im.replies.set('message', () => (refused++ < 2
      ? [429, { error: 'rate_limited', message: 'too many requests from this user', retryable: true }, { 'retry-after': '1' }]
      : null));
    c = client(im);
    c.start();
    await waitFor(c, 'ready');
    const notices = [];
    c.on('notice', (e) => notices.push(e.kind));
    const t0 = Date.now();
    const sent = await c.send('unicast:bob', 'pasted line');
    assert.equal(sent.failed, undefined, 'not failed: sent again');
    assert.equal(sent.pending, false);
    const calls = im.calls.filter((x) => x.action === 'message');
    assert.equal(calls.length, 3, 'refused twice, then taken');
    assert.ok(Date.now() - t0 >= 1900, 'waited Retry-After (1 s) before each new try');
    assert.ok(notices.includes('slow'), 'the "slow down" notice');
    assert.equal(notices[notices.length - 1] === 'slow', false, 'and it goes once the message went');
    assert.equal(c.conversation('unicast:bob').messages.length, 1, 'shown once');
  });

  test('a message still refused when the outbox gives up fails (the user may send it again)', async () => {
    im.replies.set('message', () => [429, { error: 'rate_limited', message: 'too many', retryable: true }]);
    // Long enough for a second try on a loaded machine (a reply can take 300 ms there).
    c = client(im, { outboxGiveUp: 1500, outboxMinDelay: 50, outboxMaxDelay: 100 });
    c.start();
    await waitFor(c, 'ready');
    const sent = await c.send('unicast:bob', 'no luck');
    assert.equal(sent.failed, true);
    const calls = im.calls.filter((x) => x.action === 'message');
    assert.ok(calls.length >= 2, 'tried more than once');
    assert.equal(new Set(calls.map((x) => x.params.client_id)).size, 1, 'always with the same client id');
  });

  test('a sent message keeps its place when history brings it back with the real id', async () => {
    c = client(im);
    c.start();
    await waitFor(c, 'ready');
    c.buddies.get('bob') || c._putBuddy({ id: 'bob', nick: 'Bob', presence: 'online' });
    c.buddies.get('bob').presence = 'online';
    const sent = await c.send('unicast:bob', 'hello bob');
    assert.equal(sent.failed, undefined);
    const call = im.calls.find((x) => x.action === 'message');
    assert.deepEqual({ to: call.params.to, body: call.params.body, type: call.params.type, ticket: call.params.ticket }, { to: 'bob', body: 'hello bob', type: 'unicast', ticket: 't1' });
    assert.match(call.params.client_id, /^[A-Za-z0-9_.@-]{1,64}$/);
    assert.equal(sent.serverId, 'g1', 'the gateway\'s id from the reply');
    // Known by ids: the same message under the gateway's id, or carrying our client id, is not shown again.
    c._history('unicast:bob', [{ ...msg('g1', 'alice', 'bob', 'hello bob') }]);
    c.conversation('unicast:bob').add(msg('other', 'alice', 'bob', 'hello bob', { client_id: call.params.client_id }), 'alice');
    assert.equal(c.conversation('unicast:bob').messages.length, 1);
    // The same body sent again by another page of ours is another message (no matching by body).
    c._history('unicast:bob', [{ ...msg('g9', 'alice', 'bob', 'hello bob', { client_id: 'c-other-page' }) }]);
    assert.equal(c.conversation('unicast:bob').messages.length, 2);
  });

  test('receipts: delivered from the reply and from statuses, seen from a read status and from the login; markSeen says it once', async () => {
    const earlier = msg('h1', 'alice', 'bob', 'from before the reload');
    im.onlineReply = () => ({
      buddies: [{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available' }],
      histories: { bob: [earlier, msg('h2', 'bob', 'alice', 'an answer')] }, receipts: { bob: { delivered: 'h1', read: null } },
    });
    c = client(im);
    c.shared.open('unicast:bob', { activate: false });
    const changed = [];
    c.on('receipts', (conv) => changed.push(conv.key));
    c.start();
    await waitFor(c, 'ready');
    const conv = c.conversation('unicast:bob');
    assert.equal(conv.find('h1').delivered, true, 'from the online reply');
    assert.equal(conv.find('h1').seen, undefined);
    const sent = await c.send('unicast:bob', 'new one');
    assert.equal(sent.delivered, true, 'the gateway said it reached a page');
    await until(() => im.pages.get('t1').held);
    im.push('t1', 'statuses', { from: 'bob', nick: 'Bob', to: 'alice', show: 'read', id: sent.serverId });
    await until(() => sent.seen === true);
    assert.equal(conv.find('h1').seen, true, 'and every earlier one of ours');
    assert.equal(conv.find('h2').seen, undefined, 'not theirs');
    assert.ok(changed.includes('unicast:bob'));
    assert.equal(c.isTyping('bob'), false, 'a receipt is no typing notice');

    // Our side: the newest of bob's messages is seen, said once.
    c.markSeen('unicast:bob');
    c.markSeen('unicast:bob');
    await until(() => im.calls.some((x) => x.action === 'status' && x.params.show === 'read'));
    const reads = im.calls.filter((x) => x.action === 'status' && x.params.show === 'read');
    assert.deepEqual(reads.map((x) => [x.params.to, x.params.id]), [['bob', 'h2']]);
    // With the setting off, nothing is said.
    c.settings.read_receipts = false;
    c._message(msg('h3', 'bob', 'alice', 'more'));
    c.markSeen('unicast:bob');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(im.calls.filter((x) => x.action === 'status' && x.params.show === 'read').length, 1);
  });

  test('a message to an offline buddy is flagged offline=1 and announced', async () => {
    c = client(im);
    c.start();
    await waitFor(c, 'ready');
    await until(() => c.buddies.has('bob'));
    const notice = waitFor(c, 'notice');
    const sent = await c.send('unicast:bob', 'see you later');
    assert.equal((await notice).kind, 'offline');
    assert.equal(sent.offline, true);
    assert.equal(im.calls.find((x) => x.action === 'message').params.offline, '1');
  });

  test('typing statuses: shown, cleared by a message, expire; sent on keys and cleared when idle', async () => {
    c = client(im, { typingShown: 150, typingIdle: 100, typingRepeat: 1000 });
    im.onlineReply = () => ({ buddies: [{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available' }] });
    im.replies.set('buddies', () => [200, [{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available', group: 'friend' }]]);
    c.start();
    await waitFor(c, 'ready');
    await until(() => im.pages.get('t1').held);
    im.push('t1', 'statuses', { from: 'bob', nick: 'Bob', to: 'alice', show: 'typing' });
    await waitFor(c, 'typing', (e) => e.typing);
    assert.ok(c.isTyping('bob'));
    await waitFor(c, 'typing', (e) => !e.typing, 1000);
    im.push('t1', 'statuses', { from: 'bob', nick: 'Bob', to: 'alice', show: 'typing' });
    await waitFor(c, 'typing', (e) => e.typing);
    im.push('t1', 'messages', msg('x1', 'bob', 'alice', 'done typing'));
    await waitFor(c, 'typing', (e) => !e.typing);

    c.keyPressed('unicast:bob');
    c.keyPressed('unicast:bob');
    await until(() => im.calls.filter((x) => x.action === 'status').length === 2, 1000);
    assert.deepEqual(im.calls.filter((x) => x.action === 'status').map((x) => x.params.show), ['typing', 'clear']);
  });

  test('rooms: join and leave presences keep member lists; block and unblock', async () => {
    im.onlineReply = () => ({ rooms: [{ id: 'lobby', nick: 'Lobby', all_count: 3, count: 1 }] });
    im.replies.set('join', () => [200, { id: 'lobby', nick: 'Lobby', all_count: 3, count: 2, blocked: false, members: [] }]);
    im.replies.set('members', () => [200, { lobby: [{ id: 'alice', nick: 'Alice' }, { id: 'bob', nick: 'Bob' }] }]);
    im.replies.set('rooms', () => [200, [{ id: 'lobby', nick: 'Lobby', all_count: 3, count: 2, members: [{ id: 'alice', nick: 'Alice' }, { id: 'bob', nick: 'Bob' }, { id: 'carol', nick: 'Carol' }] }]]);
    c = client(im);
    c.start();
    await waitFor(c, 'ready');
    await c.loadMembers('lobby');
    assert.deepEqual([...c.rooms.get('lobby').online.keys()], ['alice', 'bob']);
    await until(() => im.pages.get('t1').held);
    im.push('t1', 'presences', { from: 'carol', nick: 'Carol', type: 'join', show: 'available', status: 'lobby' });
    await waitFor(c, 'room', (r) => r.online.has('carol'));
    assert.equal(c.rooms.get('lobby').count, 3);
    im.push('t1', 'presences', { from: 'bob', nick: 'Bob', type: 'leave', show: 'available', status: 'lobby' });
    await waitFor(c, 'room', (r) => !r.online.has('bob'));
    await c.blockRoom('lobby');
    assert.equal(c.rooms.get('lobby').blocked, true);
    assert.deepEqual(c.settings.blocked_rooms, ['lobby']);
    await c.unblockRoom('lobby');
    assert.equal(c.rooms.get('lobby').blocked, false);
    assert.deepEqual(im.calls.filter((x) => x.action === 'leave' || x.action === 'join').map((x) => x.action), ['leave', 'join']);
  });

  test('auto-pop opens a tab for a message; unread counted when not viewing', async () => {
    c = client(im);
    c.start();
    await waitFor(c, 'ready');
    await until(() => im.pages.get('t1').held);
    c.setPageVisible(false);
    im.push('t1', 'messages', msg('a1', 'bob', 'alice', 'ping'));
    await waitFor(c, 'alert');
    assert.deepEqual(c.shared.tabs, ['unicast:bob']);
    assert.equal(c.shared.active, 'unicast:bob', 'popped');
    assert.equal(c.shared.unreadCount('unicast:bob'), 1, 'hidden page: unread');
    c.setPageVisible(true);
    assert.equal(c.shared.unreadCount('unicast:bob'), 0);
    await c.setSetting('msg_auto_pop', false);
    assert.equal(im.calls.find((x) => x.action === 'setting').params.msg_auto_pop, 'false');
    c.closeChat('unicast:bob');
    im.push('t1', 'messages', msg('a2', 'bob', 'alice', 'pong'));
    await waitFor(c, 'alert');
    assert.equal(c.shared.active, null, 'not popped');
    assert.equal(c.shared.unreadCount('unicast:bob'), 1);
  });

  test('choosing offline ends the pages and survives reloads; presence changes are sent', async () => {
    const storage = new MemoryStorage();
    c = client(im, { storage });
    c.start();
    await waitFor(c, 'ready');
    await c.setPresence('dnd', 'busy busy');
    const p = im.calls.find((x) => x.action === 'presence');
    assert.deepEqual([p.params.show, p.params.status], ['dnd', 'busy busy']);
    await c.setPresence('offline');
    assert.equal(c.state, State.DISCONNECTED);
    assert.deepEqual(im.liveTickets('alice'), []);
    c.stop();

    const c2 = client(im, { storage });
    c2.start();
    assert.equal(c2.state, State.DISCONNECTED, 'still offline on the next page');
    await c2.setPresence('away');
    await waitFor(c2, 'ready');
    const online = im.calls.filter((x) => x.action === 'online').pop();
    assert.equal(online.params.show, 'away');
    c = c2;
  });

  test('leaving a page sends refresh with its ticket', async () => {
    c = client(im);
    c.start();
    await waitFor(c, 'ready');
    c.leave();
    await until(() => im.calls.some((x) => x.action === 'refresh'));
    assert.equal(im.calls.find((x) => x.action === 'refresh').params.ticket, 't1');
    assert.equal(c.state, State.DISCONNECTED);
  });

  test('open tabs are sent at login and get their histories', async () => {
    const storage = new MemoryStorage();
    const s = new SharedState({ storage, user: 'alice' });
    s.open('unicast:bob');
    s.open('multicast:lobby', { activate: false });
    c = client(im, { storage });
    c.start();
    await waitFor(c, 'ready');
    const online = im.calls.find((x) => x.action === 'online');
    assert.equal(online.params.buddy_ids, 'bob');
    assert.equal(online.params.room_ids, 'lobby');
  });

  test('another tab choosing offline stops this one', async () => {
    const storage = new MemoryStorage();
    const win = new EventEmitter();
    win.addEventListener = win.on;
    win.removeEventListener = win.off;
    c = client(im, { storage, win });
    c.start();
    await waitFor(c, 'ready');
    const other = new SharedState({ storage, user: 'alice' });
    other.setPresence({ offline: true });
    win.emit('storage', { key: 'nextim:alice:state' });
    assert.equal(c.state, State.DISCONNECTED);
    other.setPresence({ offline: false });
    win.emit('storage', { key: 'nextim:alice:state' });
    await waitFor(c, 'ready');
  });
});

describe('SharedState (tab state)', () => {
  test('tabs, active tab and unread survive a reload', () => {
    const storage = new MemoryStorage();
    const a = new SharedState({ storage, user: 'alice' });
    a.open('unicast:bob');
    a.open('multicast:dev', { activate: false });
    a.addUnread('multicast:dev', 'm1');
    a.addUnread('multicast:dev', 'm2');
    const b = new SharedState({ storage, user: 'alice' });
    assert.deepEqual(b.tabs, ['unicast:bob', 'multicast:dev']);
    assert.equal(b.active, 'unicast:bob');
    assert.equal(b.unreadCount('multicast:dev'), 2);
    assert.equal(b.totalUnread(), 2);
    b.activate('multicast:dev');
    assert.equal(b.unreadCount('multicast:dev'), 0);
    b.close('multicast:dev');
    assert.equal(b.active, null);
    assert.equal(new SharedState({ storage, user: 'bob' }).tabs.length, 0, 'per user');
  });

  test('unread counts a message once however many tabs see it', () => {
    const s = new SharedState({ storage: new MemoryStorage(), user: 'alice' });
    s.addUnread('unicast:bob', 'm1');
    s.addUnread('unicast:bob', 'm1');
    assert.equal(s.unreadCount('unicast:bob'), 1);
  });

  test('a corrupt stored state is ignored', () => {
    const storage = new MemoryStorage();
    storage.setItem('nextim:alice:state', '{"tabs": 3, "active": "nope", "unread": {"x": "y"}}');
    const s = new SharedState({ storage, user: 'alice' });
    assert.deepEqual(s.tabs, []);
    assert.equal(s.active, null);
    storage.setItem('nextim:alice:state', 'not json');
    assert.deepEqual(new SharedState({ storage, user: 'alice' }).tabs, []);
  });
});

describe('Conversation', () => {
  test('dedupes by id and keeps time order', () => {
    const c = new Conversation('unicast:bob');
    assert.ok(c.add({ id: 'b', body: '2', timestamp: 2 }, 'alice'));
    assert.ok(c.add({ id: 'a', body: '1', timestamp: 1 }, 'alice'));
    assert.equal(c.add({ id: 'a', body: '1', timestamp: 1 }, 'alice'), null);
    assert.deepEqual(c.messages.map((m) => m.id), ['a', 'b']);
  });
});
