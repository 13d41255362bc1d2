// ui/chat-window.js (with ui/chat-header.js): a chat's parts built once per chat and updated one by one.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { domEnv, idleClient, buddy, context, presences } from './dom-env.mjs';
import { ChatWindow } from '../../main/js/ui/chat-window.js';

let client;
afterEach(() => client.stop());

function open(key, { live = true } = {}) {
  const env = domEnv();
  client = idleClient('alice');
  client._putBuddy(buddy('bob'));
  const ctx = { ...context(client, env), live: () => live };
  const back = [];
  const chat = new ChatWindow(ctx, { onBack: () => back.push(1), onOpen: () => {} });
  env.document.body.append(chat.el);
  chat.show(key);
  return { env, chat, back };
}

test('a one-to-one chat: head with presence, the parts in place; back goes to the coordinator', () => {
  const { env, chat, back } = open('unicast:bob');
  assert.equal(chat.el.hidden, false);
  assert.equal(chat.el.dataset.key, 'unicast:bob');
  assert.equal(chat.el.querySelector('#webim-window-title').textContent, 'Bob');
  assert.equal(chat.el.querySelector('.webim-window-sub').textContent, 'Available');
  for (const sel of ['.webim-messages', '.webim-typing', '.webim-notice', '.webim-conn-banner', '.webim-composer .webim-input', '.webim-clear-btn', '.webim-download-btn']) {
    assert.ok(chat.el.querySelector(sel), sel);
  }
  assert.equal(chat.el.querySelector('.webim-members-btn'), null, 'no member list in a one-to-one chat');
  chat.el.querySelector('.webim-back-btn').dispatchEvent(new env.window.Event('click'));
  assert.equal(back.length, 1);
});

test('typing, presence and notices update their part; the messages and the composer stay', () => {
  const { chat } = open('unicast:bob');
  const messages = chat.el.querySelector('.webim-messages');
  const input = chat.inputEl;
  input.value = 'a draft';
  client._onPackets({ statuses: [{ from: 'bob', to: 'alice', show: 'typing' }] });
  chat.renderTyping();
  assert.match(chat.el.querySelector('.webim-typing').textContent, /Bob is typing/);
  presences(client, { from: 'bob', nick: 'Bob', type: 'show', show: 'away', status: 'lunch' });
  chat.update();
  assert.equal(chat.el.querySelector('.webim-window-sub').textContent, 'Away · lunch');
  chat.setNotice('unicast:bob', 'slow');
  assert.equal(chat.el.querySelector('.webim-notice').hidden, false);
  chat.clearNotice('unicast:bob');
  assert.equal(chat.el.querySelector('.webim-notice').hidden, true);
  assert.equal(chat.el.querySelector('.webim-messages'), messages);
  assert.equal(chat.inputEl, input);
  assert.equal(input.value, 'a draft');
});

test('without a live connection the buddy\'s presence is unknown and the banner says messages wait', () => {
  const { chat } = open('unicast:bob', { live: false });
  client.connection.logins = 1;
  chat.update();
  assert.match(chat.el.querySelector('.webim-window-sub').textContent, /unknown/i);
  assert.equal(chat.el.querySelector('.webim-conn-banner').hidden, false);
});

test('another chat builds its parts anew, keeping the draft of the first; clear asks first; null hides', () => {
  const { env, chat } = open('unicast:bob');
  chat.inputEl.value = 'for bob';
  const messages = chat.el.querySelector('.webim-messages');
  chat.show('multicast:dev');
  assert.notEqual(chat.el.querySelector('.webim-messages'), messages);
  assert.ok(chat.el.querySelector('.webim-members-btn'));
  assert.ok(chat.el.classList.contains('webim-with-members'));
  chat.el.querySelector('.webim-members-btn').dispatchEvent(new env.window.Event('click'));
  assert.ok(!chat.el.classList.contains('webim-with-members'), 'the member list folds away');
  chat.show('unicast:bob');
  assert.equal(chat.inputEl.value, 'for bob');
  chat.el.querySelector('.webim-clear-btn').dispatchEvent(new env.window.Event('click'));
  assert.equal(chat.el.querySelector('.webim-confirm').hidden, false);
  assert.ok(chat.el.querySelector('.webim-confirm-clear'));
  chat.show(null);
  assert.equal(chat.el.hidden, true);
  assert.equal(chat.key, null);
});
