// ui/bar.js: which tabs fit (no DOM), and the bar updating one tab and its buttons in place.
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { domEnv, idleClient, buddy, context, presences } from './dom-env.mjs';
import { Bar, fitTabs, TAB_WIDTH } from '../../main/js/ui/bar.js';

describe('fitTabs', () => {
  const tabs = ['a', 'b', 'c', 'd', 'e', 'f'];
  test('all of them when they fit', () => {
    assert.deepEqual(fitTabs(tabs, { width: 60 + 360 + 6 * TAB_WIDTH }), { shown: tabs, hidden: [] });
  });
  test('else the active one, those with unread messages, then the newest; one place for "+n"; in their order', () => {
    const unread = new Set(['b']);
    const fit = fitTabs(tabs, { width: 60 + 360 + 4 * TAB_WIDTH, active: 'a', unreadCount: (k) => (unread.has(k) ? 1 : 0) });
    assert.deepEqual(fit, { shown: ['a', 'b', 'f'], hidden: ['c', 'd', 'e'] });
  });
  test('at least one tab on the narrowest screen', () => {
    assert.deepEqual(fitTabs(tabs, { width: 320, active: 'c' }).shown, ['c']);
  });
});

describe('Bar', () => {
  let env;
  let client;
  let bar;
  let panel;
  const calls = [];
  beforeEach(() => {
    env = domEnv();
    client = idleClient('alice');
    client._putBuddy(buddy('bob'));
    client._putBuddy(buddy('carol', { presence: 'offline', show: 'unavailable' }));
    client.shared.open('unicast:bob', { activate: false });
    client.shared.open('unicast:carol', { activate: true });
    panel = null;
    bar = new Bar(context(client, env), { panel: () => panel, onPanel: (p) => calls.push(['panel', p]), onToggleChat: (k) => calls.push(['chat', k]) });
    env.document.body.append(bar.el);
    bar.renderButtons();
    bar.renderTabs();
  });
  afterEach(() => client.stop());
  const tab = (key) => bar.el.querySelector(`.webim-tab[data-key="${key}"]`);

  test('one tab per open chat, the active one pressed; clicks go to the coordinator', () => {
    assert.deepEqual([...bar.el.querySelectorAll('.webim-tab')].map((t) => t.dataset.key), ['unicast:bob', 'unicast:carol']);
    assert.ok(tab('unicast:carol').classList.contains('webim-active'));
    assert.equal(tab('unicast:carol').querySelector('.webim-tab-open').getAttribute('aria-pressed'), 'true');
    tab('unicast:bob').querySelector('.webim-tab-open').dispatchEvent(new env.window.Event('click'));
    bar.el.querySelector('.webim-settings-btn').dispatchEvent(new env.window.Event('click'));
    assert.deepEqual(calls.splice(0), [['chat', 'unicast:bob'], ['panel', 'settings']]);
  });

  test('a buddy\'s presence or typing changes that tab in place', () => {
    const bob = tab('unicast:bob');
    const carol = tab('unicast:carol');
    presences(client, { from: 'carol', nick: 'Carol', type: 'online', show: 'away' });
    assert.equal(bar.updateTab('unicast:carol'), true);
    assert.equal(carol.querySelector('.webim-dot').dataset.show, 'away');
    client._onPackets({ statuses: [{ from: 'bob', to: 'alice', show: 'typing' }] });
    bar.updateTab('unicast:bob');
    assert.ok(bob.querySelector('.webim-typing-dots'));
    assert.equal(tab('unicast:bob'), bob);
    assert.equal(tab('unicast:carol'), carol);
    assert.equal(bar.updateTab('unicast:dave'), false, 'no tab, nothing to do');
  });

  test('the buttons are updated in place: online count, notification count, open panel', () => {
    const buttons = [...bar.buttonsEl.children];
    assert.equal(bar.el.querySelector('.webim-online-count').textContent, '–', 'not connected: no count');
    client.notifications = [{ id: 'n1', text: 'x', read: false }];
    panel = 'notifications';
    bar.renderButtons();
    assert.equal(bar.el.querySelector('.webim-notify-count').textContent, '1');
    assert.equal(bar.bell.getAttribute('aria-label'), 'Notifications 1');
    assert.ok(bar.bell.classList.contains('webim-on'));
    assert.deepEqual([...bar.buttonsEl.children], buttons);
  });
});
