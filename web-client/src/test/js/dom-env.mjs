// A DOM for the widget's components in Node (linkedom: no layout, no focus), and a real WebimClient
// that is never started: the tests put buddies, rooms and messages into it through the same packet
// handling a poll reply goes through, and it emits the events the widget listens to.
import { parseHTML } from 'linkedom';
import { WebimClient } from '../../main/js/core/client.js';
import { FetchTransport } from '../../main/js/core/transport.js';
import { translator } from '../../main/js/ui/i18n.js';

/** A fresh document; `document` and `Node` are the globals ui/dom.js builds with. */
export function domEnv() {
  const window = parseHTML('<!doctype html><html lang="en"><head></head><body></body></html>');
  window.innerWidth = 1280;
  window.location = new URL('http://site.example/');
  globalThis.document = window.document;
  globalThis.Node = window.Node;
  return { window, document: window.document };
}

/** A client of `me` that no server answers (nothing is sent while it is not started). */
export function idleClient(me = 'alice', options = {}) {
  const c = new WebimClient({ gateway: 'http://127.0.0.1:9', token: null, user: me, transport: new FetchTransport(), ...options });
  c.self = { id: me, nick: me[0].toUpperCase() + me.slice(1) };
  return c;
}

export function buddy(id, extra = {}) {
  return { id, nick: id[0].toUpperCase() + id.slice(1), presence: 'online', show: 'available', group: 'friend', ...extra };
}

/** What the widget's parts get from the coordinator (ui/widget.js). */
export function context(client, { window, document }) {
  const toasts = [];
  return {
    client, t: translator('en'), locale: 'en-US', doc: document, win: window, toasts,
    act: async (p) => {
      try {
        return await p;
      } catch (e) {
        toasts.push(e.message);
        return undefined;
      }
    },
    toast: (text) => toasts.push(text),
    live: () => true,
  };
}

/** A poll reply with these presences, through the client's packet handling. */
export function presences(client, ...list) {
  client._onPackets({ presences: list });
}

/** A keydown the way a browser fires it (linkedom has no KeyboardEvent). */
export function key(window, target, name, extra = {}) {
  const e = new window.Event('keydown', { bubbles: true, cancelable: true });
  Object.assign(e, { key: name, shiftKey: false, isComposing: false, ...extra });
  target.dispatchEvent(e);
  return e;
}
