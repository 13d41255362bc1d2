// ui/panels.js: one panel at a time; settings, presence and the menu of hidden tabs.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { domEnv, idleClient, buddy, context, key } from './dom-env.mjs';
import { Panels, SETTINGS, moveInMenu } from '../../main/js/ui/panels.js';
import { Bar } from '../../main/js/ui/bar.js';
import { BuddyList } from '../../main/js/ui/buddy-list.js';

let client;
afterEach(() => client.stop());

function panels() {
  const env = domEnv();
  client = idleClient('alice');
  client._putBuddy(buddy('bob'));
  const ctx = context(client, env);
  const calls = [];
  const bar = new Bar(ctx, { panel: () => p.name, onPanel: () => {}, onToggleChat: () => {} });
  let p;
  const list = new BuddyList(ctx, { onOpen: (k) => calls.push(['open', k]), header: (t, x) => p.header(t, x) });
  p = new Panels(ctx, { bar, buddyList: list, onPanel: (x) => calls.push(['panel', x]), onOpen: (k) => calls.push(['open', k]), notifier: { ask: async () => false } });
  env.document.body.append(bar.el, p.el);
  return { env, p, bar, calls, ctx };
}

test('closed, then one panel at a time with its class; its close button asks the coordinator', () => {
  const { env, p, calls } = panels();
  p.render();
  assert.equal(p.el.hidden, true);
  p.name = 'buddies';
  p.render();
  assert.equal(p.el.className, 'webim-panel webim-panel-buddies');
  assert.ok(p.el.querySelector('.webim-buddy[data-id="bob"]'));
  p.name = 'notifications';
  p.render();
  assert.equal(p.el.querySelector('.webim-buddy'), null);
  assert.equal(p.el.querySelector('.webim-hint').textContent, 'No notifications');
  p.el.querySelector('.webim-panel-head button').dispatchEvent(new env.window.Event('click'));
  assert.deepEqual(calls, [['panel', null]]);
});

test('settings: one switch per setting; turning notifications on is undone when the browser says no', async () => {
  const { p, ctx } = panels();
  p.name = 'settings';
  p.render();
  assert.deepEqual([...p.el.querySelectorAll('input[type="checkbox"]')].map((i) => i.name), SETTINGS);
  const notify = p.el.querySelector('input[name="notify"]');
  notify.checked = true;
  await p.changeSetting('notify', notify);
  assert.equal(notify.checked, false);
  assert.equal(client.settings.notify, false);
  assert.equal(ctx.toasts.length, 1);
  const sound = p.el.querySelector('input[name="play_sound"]');
  sound.checked = false;
  await p.changeSetting('play_sound', sound);
  assert.equal(client.settings.play_sound, false, 'kept for the next login (not connected)');
});

test('presence: the current show checked; arrow keys move among the items', () => {
  const { env, p } = panels();
  client.self.show = 'away';
  client.connection.connect = () => {};
  p.name = 'presence';
  p.render();
  const items = [...p.el.querySelectorAll('.webim-menu-item')];
  assert.deepEqual(items.map((i) => i.dataset.show), ['available', 'dnd', 'away', 'invisible', 'offline']);
  assert.equal(p.el.querySelector('[aria-checked="true"]').dataset.show, 'offline', 'not connected: offline');
  let focused = null;
  items.forEach((i) => (i.focus = () => (focused = i)));
  const e = key(env.window, items[4], 'ArrowDown');
  moveInMenu(Object.assign(e, { target: items[4] }));
  assert.equal(focused, items[0], 'wraps around');
});

test('more: the tabs the bar could not show, a click opens one', () => {
  const { env, p, bar, calls } = panels();
  bar.hiddenTabs = ['unicast:bob', 'multicast:dev'];
  p.name = 'more';
  p.render();
  const items = [...p.el.querySelectorAll('.webim-menu-item')];
  assert.deepEqual(items.map((i) => i.dataset.key), ['unicast:bob', 'multicast:dev']);
  items[1].dispatchEvent(new env.window.Event('click'));
  assert.deepEqual(calls, [['open', 'multicast:dev']]);
});
