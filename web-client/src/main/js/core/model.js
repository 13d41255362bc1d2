/**
 * The widget's data: conversations that show each message once (by `id`), and the page-independent
 * state every tab of the site shares through localStorage (open chat tabs, the active one, unread
 * messages, the user's chosen presence).
 */
import { Emitter } from './emitter.js';

export const UNICAST = 'unicast';
export const MULTICAST = 'multicast';
export const BROADCAST = 'broadcast';

export function convKey(type, id) {
  return `${type}:${type === BROADCAST ? 'all' : id}`;
}

export function parseKey(key) {
  const i = key.indexOf(':');
  return { type: key.slice(0, i), id: key.slice(i + 1) };
}

let localSeq = 0;
export function localId() {
  return `local-${Date.now().toString(36)}-${++localSeq}`;
}

/**
 * The messages of one chat, ordered by time. A message with an `id` already held is dropped (echo,
 * cursor replay, history and offline messages overlap by design). A message this page sent carries its
 * client id until the gateway's id is known (the reply, or the same message coming back in a history
 * with its `client_id`): matched by ids, never by body.
 */
export class Conversation {
  constructor(key) {
    const { type, id } = parseKey(key);
    this.key = key;
    this.type = type;
    this.id = id;
    this.messages = [];
    this.ids = new Set();
    this.historyLoaded = false;
    this.marks = { delivered: null, read: null }; // receipts of our messages here: the newest message id
    this.readSent = null; // the newest message of theirs we said we have seen
    this.hasEarlier = false; // the gateway may hold older messages than the oldest shown
  }

  /** The oldest shown message with the gateway's id: where a page of earlier history ends. */
  oldestKnown() {
    for (const m of this.messages) {
      const id = m.local ? m.serverId : m.id;
      if (id) return id;
    }
    return null;
  }

  /**
   * A receipt for our messages (one-to-one): `read` ("seen") or `delivered` through message `id`, which
   * marks it and every earlier message of ours. Kept when the message is not shown yet (history still
   * loading) and applied by `applyMarks`. True when something changed.
   */
  mark(kind, id, self) {
    if (!id) return false;
    this.marks[kind] = id;
    return this.applyMarks(self);
  }

  applyMarks(self) {
    let changed = false;
    for (const kind of ['delivered', 'read']) {
      const id = this.marks[kind];
      if (!id) continue;
      const flag = kind === 'read' ? 'seen' : 'delivered';
      const through = this.messages.findIndex((m) => m.id === id || m.serverId === id);
      for (let i = 0; i <= through; i++) {
        const m = this.messages[i];
        if (m.from === self && !m[flag]) {
          m[flag] = true;
          changed = true;
        }
      }
    }
    return changed;
  }

  /** The newest message from the other side with the gateway's id (what a read receipt names). */
  lastIncoming(self) {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i];
      if (m.from !== self && m.id && !m.local) return m;
    }
    return null;
  }

  has(id) {
    return this.ids.has(id);
  }

  /**
   * Adds a message; returns it when it is new, null when it was already shown. One this page sent is
   * known by its client id: when it comes back from the gateway (history, offline messages) with the
   * gateway's id and that `client_id`, the shown one takes the id instead of showing twice.
   */
  add(msg, self) {
    if (msg.id && this.ids.has(msg.id)) return null;
    if (msg.id && !msg.local && msg.from === self && msg.client_id) {
      const twin = this.messages.find((m) => m.local && m.clientId === msg.client_id);
      if (twin) {
        if (!twin.serverId) twin.serverId = msg.id;
        this.ids.add(msg.id);
        return null;
      }
    }
    if (msg.id) this.ids.add(msg.id);
    const ts = Number(msg.timestamp) || Date.now();
    msg.timestamp = ts;
    let i = this.messages.length;
    while (i > 0 && this.messages[i - 1].timestamp > ts) i--;
    this.messages.splice(i, 0, msg);
    return msg;
  }

  /** The shown message with this id: the gateway's, or the client id of one this page sent. */
  find(id) {
    return this.messages.find((m) => m.id === id || m.serverId === id) || null;
  }

  clear() {
    this.messages = [];
    this.ids.clear();
  }
}

const EMPTY_DOC = () => ({ v: 1, tabs: [], active: null, unread: {}, panel: null, presence: { show: 'available', status: '', offline: false } });
const MAX_UNREAD_IDS = 200;

/**
 * State shared by all tabs of the site for one user, in localStorage under `nextim:<user>:state`.
 * Unread messages are kept as sets of message ids, so tabs that each receive the same message and
 * merge their states count it once. Another tab's change arrives as a `storage` event: `change` is
 * emitted with `{remote: true}` and nothing is written back.
 */
export class SharedState extends Emitter {
  constructor({ storage = null, user = 'anonymous', window: win = null } = {}) {
    super();
    this.storage = storage;
    this.storageKey = `nextim:${user}:state`;
    this.doc = EMPTY_DOC();
    this.load();
    if (win && win.addEventListener) {
      this._onStorage = (e) => {
        if (e.key === this.storageKey) {
          this.load();
          this.emit('change', { remote: true });
        }
      };
      win.addEventListener('storage', this._onStorage);
      this._win = win;
    }
  }

  dispose() {
    if (this._win) this._win.removeEventListener('storage', this._onStorage);
  }

  load() {
    let doc = null;
    try {
      doc = this.storage ? JSON.parse(this.storage.getItem(this.storageKey) || 'null') : null;
    } catch {
      doc = null;
    }
    const base = EMPTY_DOC();
    if (doc && typeof doc === 'object') {
      if (Array.isArray(doc.tabs)) base.tabs = doc.tabs.filter((k) => typeof k === 'string' && k.includes(':'));
      if (typeof doc.active === 'string' && base.tabs.includes(doc.active)) base.active = doc.active;
      if (doc.unread && typeof doc.unread === 'object') {
        for (const [k, ids] of Object.entries(doc.unread)) if (Array.isArray(ids) && ids.length) base.unread[k] = ids.map(String);
      }
      if (typeof doc.panel === 'string' || doc.panel === null) base.panel = doc.panel ?? null;
      if (doc.presence && typeof doc.presence === 'object') Object.assign(base.presence, doc.presence);
    }
    this.doc = base;
  }

  save() {
    if (!this.storage) return;
    try {
      this.storage.setItem(this.storageKey, JSON.stringify(this.doc));
    } catch {
      /* storage full or denied: the state lives for this page only */
    }
  }

  _changed() {
    this.save();
    this.emit('change', { remote: false });
  }

  get tabs() {
    return this.doc.tabs;
  }

  get active() {
    return this.doc.active;
  }

  get panel() {
    return this.doc.panel;
  }

  get presence() {
    return this.doc.presence;
  }

  hasTab(key) {
    return this.doc.tabs.includes(key);
  }

  /** Opens a tab (at the end) and optionally makes it the active one. */
  open(key, { activate = true } = {}) {
    if (!this.doc.tabs.includes(key)) this.doc.tabs.push(key);
    if (activate) {
      this.doc.active = key;
      delete this.doc.unread[key];
    }
    this._changed();
  }

  close(key) {
    this.doc.tabs = this.doc.tabs.filter((k) => k !== key);
    delete this.doc.unread[key];
    if (this.doc.active === key) this.doc.active = null;
    this._changed();
  }

  /** Makes `key` the open chat window (null: none); its messages count as read. */
  activate(key) {
    if (key !== null && !this.doc.tabs.includes(key)) this.doc.tabs.push(key);
    this.doc.active = key;
    if (key) delete this.doc.unread[key];
    this._changed();
  }

  setPanel(panel) {
    this.doc.panel = panel;
    this._changed();
  }

  addUnread(key, id) {
    const ids = this.doc.unread[key] || (this.doc.unread[key] = []);
    if (ids.includes(id)) return;
    ids.push(id);
    if (ids.length > MAX_UNREAD_IDS) ids.splice(0, ids.length - MAX_UNREAD_IDS);
    this._changed();
  }

  markRead(key) {
    if (!this.doc.unread[key]) return;
    delete this.doc.unread[key];
    this._changed();
  }

  unreadCount(key) {
    return (this.doc.unread[key] || []).length;
  }

  totalUnread() {
    return Object.values(this.doc.unread).reduce((n, ids) => n + ids.length, 0);
  }

  setPresence(p) {
    Object.assign(this.doc.presence, p);
    this._changed();
  }
}

/** The `sub` of a JWT, read without checking it (only to name this user's stored state). */
export function tokenSubject(token) {
  try {
    const part = String(token).split('.')[1];
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const json = typeof atob === 'function' ? atob(b64) : Buffer.from(b64, 'base64').toString('binary');
    const sub = JSON.parse(decodeURIComponent(escape(json))).sub;
    return typeof sub === 'string' && /^[A-Za-z0-9_.@-]{1,64}$/.test(sub) ? sub : null;
  } catch {
    return null;
  }
}

/** An in-memory Storage (tests, or when localStorage is denied). */
export class MemoryStorage {
  constructor() {
    this.map = new Map();
  }
  getItem(k) {
    return this.map.has(k) ? this.map.get(k) : null;
  }
  setItem(k, v) {
    this.map.set(k, String(v));
  }
  removeItem(k) {
    this.map.delete(k);
  }
}
