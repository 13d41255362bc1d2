// ui/buddy-list.js: groups and order (no DOM), and the panel updating one row in place.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { domEnv, idleClient, buddy, context, presences } from './dom-env.mjs';
import { BuddyList, groupBuddies, matches } from '../../main/js/ui/buddy-list.js';
import { h } from '../../main/js/ui/dom.js';

describe('groupBuddies', () => {
  test('friends, colleagues, other groups, strangers last; online before away before offline, then by name', () => {
    const list = [buddy('zed', { group: 'stranger' }), buddy('carol', { presence: 'offline' }), buddy('bob', { show: 'away' }), buddy('dave'),
      buddy('erin', { group: 'colleague' }), buddy('fay', { group: 'band' })];
    assert.deepEqual(groupBuddies(list).map((g) => [g.group, g.buddies.map((b) => b.id)]),
      [['friend', ['dave', 'bob', 'carol']], ['colleague', ['erin']], ['band', ['fay']], ['stranger', ['zed']]]);
  });

  test('the search matches nick or id, any case', () => {
    assert.ok(matches(buddy('carol'), 'car'));
    assert.ok(matches({ id: 'u7', nick: 'Grace Hopper' }, 'hop'));
    assert.ok(!matches(buddy('carol'), 'bob'));
    assert.deepEqual(groupBuddies([buddy('bob'), buddy('carol')], ' CAR ').map((g) => g.buddies.map((b) => b.id)), [['carol']]);
  });
});

describe('BuddyList', () => {
  let env;
  let client;
  let list;
  let panel;
  let opened;
  beforeEach(() => {
    env = domEnv();
    client = idleClient('alice');
    for (const b of [buddy('bob'), buddy('carol'), buddy('dave', { presence: 'offline', show: 'unavailable' }), buddy('erin', { group: 'colleague' })]) client._putBuddy(b);
    opened = [];
    list = new BuddyList(context(client, env), { onOpen: (k) => opened.push(k), header: (title, extra) => h('header', {}, title, extra) });
    panel = h('div');
    env.document.body.append(panel);
    list.render(panel);
  });
  afterEach(() => client.stop());
  const row = (id) => panel.querySelector(`.webim-buddy[data-id="${id}"]`);
  const ids = (group) => [...panel.querySelectorAll(`.webim-group[data-group="${group}"] .webim-buddy`)].map((el) => el.dataset.id);
  const count = (group) => panel.querySelector(`.webim-group[data-group="${group}"] .webim-group-head .webim-muted`).textContent;

  test('draws groups with counts, rows with presence and status', () => {
    assert.deepEqual(ids('friend'), ['bob', 'carol', 'dave']);
    assert.equal(count('friend'), '2/3');
    assert.equal(count('colleague'), '1/1');
    assert.equal(row('bob').dataset.show, 'available');
    assert.ok(row('bob').classList.contains('webim-online'));
    assert.ok(!row('dave').classList.contains('webim-online'));
    row('carol').dispatchEvent(new env.window.Event('click'));
    assert.deepEqual(opened, ['unicast:carol']);
  });

  test('a presence changes that row in place, moves the same node to its place and updates the count', () => {
    const before = new Map(['bob', 'carol', 'dave', 'erin'].map((id) => [id, row(id)]));
    const sections = [...panel.querySelectorAll('.webim-group')];
    client.on('buddy', (b) => list.updateBuddy(b));
    presences(client, { from: 'bob', nick: 'Bob', type: 'offline', show: 'unavailable' });
    assert.deepEqual(ids('friend'), ['carol', 'bob', 'dave'], 'bob, offline now, sorts after carol');
    assert.equal(count('friend'), '1/3');
    presences(client, { from: 'dave', nick: 'Dave', type: 'online', show: 'away', status: 'lunch' });
    assert.deepEqual(ids('friend'), ['carol', 'dave', 'bob']);
    assert.equal(count('friend'), '2/3');
    assert.equal(row('dave').dataset.show, 'away');
    assert.equal(row('dave').querySelector('.webim-buddy-status').textContent, 'lunch');
    for (const [id, el] of before) assert.equal(row(id), el, `${id}'s row is the same node`);
    assert.deepEqual([...panel.querySelectorAll('.webim-group')], sections, 'the groups too');
  });

  test('typing shows in that row only', () => {
    const carol = row('carol');
    const bobStatus = row('bob').querySelector('.webim-buddy-status');
    client.on('typing', ({ id }) => list.updateTyping(id));
    client._onPackets({ statuses: [{ from: 'carol', to: 'alice', show: 'typing' }] });
    assert.equal(row('carol'), carol);
    assert.match(carol.querySelector('.webim-typing-text').textContent, /Carol is typing/);
    assert.equal(row('bob').querySelector('.webim-buddy-status'), bobStatus, 'bob\'s row untouched');
    client._setTyping('carol', false);
    assert.equal(carol.querySelector('.webim-typing-text'), null);
  });

  test('a buddy who was not listed (new, or now matching) redraws the list; one that left the search too', () => {
    list.search = 'b';
    list.renderList();
    assert.deepEqual(ids('friend'), ['bob']);
    client._putBuddy(buddy('barb'));
    list.updateBuddy(client.buddies.get('barb'));
    assert.deepEqual(ids('friend'), ['barb', 'bob']);
  });
});
