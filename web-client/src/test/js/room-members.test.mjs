// ui/room-members.js: who is in the room, online first; oneself not clickable.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { domEnv, idleClient, context } from './dom-env.mjs';
import { RoomMembers, sortMembers } from '../../main/js/ui/room-members.js';

let client;
afterEach(() => client.stop());

test('sortMembers: the member list and the online ones, online first, then by name', () => {
  client = idleClient('alice');
  const room = { members: [{ id: 'zoe', nick: 'Zoe' }, { id: 'bob', nick: 'Bob' }], online: new Map([['zoe', { id: 'zoe', nick: 'Zoe' }], ['al', { id: 'al', nick: 'Al' }]]) };
  assert.deepEqual(sortMembers(room).map((m) => m.id), ['al', 'zoe', 'bob']);
});

test('the list: counts, online dots, "(you)", a click opens a chat; hidden when folded away', () => {
  const env = domEnv();
  client = idleClient('alice');
  client._putRoom({ id: 'dev', nick: 'Developers', all_count: 3, members: [{ id: 'alice', nick: 'Alice' }, { id: 'bob', nick: 'Bob' }, { id: 'carol', nick: 'Carol' }] });
  client._onPackets({ presences: [{ from: 'bob', nick: 'Bob', type: 'join', status: 'dev' }] });
  const opened = [];
  const members = new RoomMembers(context(client, env), { roomId: 'dev', onOpen: (k) => opened.push(k) });
  members.render(true);
  assert.equal(members.el.hidden, false);
  assert.equal(members.el.querySelector('.webim-members-head .webim-muted').textContent, ' 1/3');
  const items = [...members.el.querySelectorAll('.webim-member')];
  assert.deepEqual(items.map((b) => [b.dataset.id, b.classList.contains('webim-online')]), [['bob', true], ['alice', false], ['carol', false]]);
  assert.equal(members.el.querySelector('[data-id="alice"] .webim-member-nick').textContent, 'Alice (You)');
  assert.equal(members.el.querySelector('[data-id="alice"]').disabled, true);
  members.el.querySelector('[data-id="carol"]').dispatchEvent(new env.window.Event('click'));
  assert.deepEqual(opened, ['unicast:carol']);
  members.render(false);
  assert.equal(members.el.hidden, true);
});
