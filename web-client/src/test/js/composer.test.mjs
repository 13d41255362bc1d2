// ui/composer.js: Enter sends through the client (and the outbox), Shift+Enter does not; drafts stay per
// chat; a blocked room gets "unblock" instead.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { domEnv, idleClient, context, key } from './dom-env.mjs';
import { Composer } from '../../main/js/ui/composer.js';

let client;
afterEach(() => client.stop());

test('Enter sends the text, once; Shift+Enter and blank text do not', () => {
  const env = domEnv();
  client = idleClient('alice');
  const drafts = new Map();
  const composer = new Composer(context(client, env), { key: 'unicast:bob', drafts });
  env.document.body.append(composer.el);
  composer.render();
  const input = composer.inputEl;
  input.value = 'hello';
  assert.equal(key(env.window, input, 'Enter', { shiftKey: true }).defaultPrevented, false);
  input.value = '   ';
  key(env.window, input, 'Enter');
  input.value = 'hello';
  assert.equal(key(env.window, input, 'Enter').defaultPrevented, true);
  assert.equal(input.value, '');
  const conv = client.conversation('unicast:bob');
  assert.deepEqual(conv.messages.map((m) => [m.body, m.pending]), [['hello', true]], 'shown at once, waiting in the outbox');
  assert.equal(client.outbox.size, 1);
});

test('what is written stays as a draft while the chat is drawn again; a blocked room offers "unblock"', () => {
  const env = domEnv();
  client = idleClient('alice');
  const drafts = new Map();
  const composer = new Composer(context(client, env), { key: 'multicast:dev', drafts });
  client._putRoom({ id: 'dev', nick: 'Dev' });
  composer.render();
  composer.inputEl.value = 'half a thought';
  composer.render();
  assert.equal(composer.inputEl.value, 'half a thought');
  assert.equal(drafts.get('multicast:dev'), 'half a thought');
  client.rooms.get('dev').blocked = true;
  composer.render();
  assert.equal(composer.blocked, true);
  assert.equal(composer.inputEl, null);
  assert.ok(composer.el.querySelector('.webim-blocked-hint button'));
});
