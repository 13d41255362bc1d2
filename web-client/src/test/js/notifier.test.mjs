// ui/notifier.js with a fake Notification: only while hidden, one tag per conversation, once per
// message across tabs, permission asked only when needed, a click opens the chat.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Notifier } from '../../main/js/ui/notifier.js';

function fakeWindow(permission = 'default', answer = 'granted') {
  const shown = [];
  class Notification {
    static permission = permission;
    static asked = 0;
    static async requestPermission() {
      Notification.asked++;
      Notification.permission = answer;
      return answer;
    }
    constructor(title, options) {
      this.title = title;
      this.options = options;
      this.closed = false;
      shown.push(this);
    }
    close() {
      this.closed = true;
    }
  }
  return { Notification, shown, focused: 0, focus() { this.focused++; } };
}

describe('Notifier', () => {
  test('asks only when needed, and only says yes when granted', async () => {
    const win = fakeWindow('default', 'granted');
    const n = new Notifier({ window: win, document: { hidden: true } });
    assert.equal(await n.ask(), true);
    assert.equal(await n.ask(), true);
    assert.equal(win.Notification.asked, 1, 'asked once');
    const denied = new Notifier({ window: fakeWindow('default', 'denied'), document: { hidden: true } });
    assert.equal(await denied.ask(), false);
    assert.equal(await new Notifier({ window: {}, document: {} }).ask(), false, 'no Notification at all');
  });

  test('shown while hidden, tagged per conversation, claimed once; a click opens the chat', () => {
    const win = fakeWindow('granted');
    const doc = { hidden: false };
    const claimed = new Set();
    const opened = [];
    const n = new Notifier({ window: win, document: doc, claim: (m) => !claimed.has(m.id) && !!claimed.add(m.id), onOpen: (k) => opened.push(k) });
    assert.equal(n.show('unicast:bob', 'Bob: new message', 'hi', { id: 'm1' }), null, 'not while the page is visible');
    doc.hidden = true;
    n.show('unicast:bob', 'Bob: new message', 'hi', { id: 'm1' });
    n.show('unicast:bob', 'Bob: new message', 'hi again', { id: 'm2' });
    assert.equal(n.show('unicast:bob', 'Bob: new message', 'hi again', { id: 'm2' }), null, 'another tab claimed it');
    n.show('multicast:dev', 'Carol @ Developers: new message', 'x'.repeat(500), { id: 'm3' });
    assert.deepEqual(win.shown.map((x) => x.options.tag), ['nextim:unicast:bob', 'nextim:unicast:bob', 'nextim:multicast:dev']);
    assert.equal(win.shown[2].options.body.length, 180);
    win.shown[1].onclick();
    assert.deepEqual(opened, ['unicast:bob']);
    assert.equal(win.focused, 1);
    assert.equal(win.shown[1].closed, true);
  });
});
