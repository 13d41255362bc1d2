/**
 * The IM client without UI: logs in, polls, turns packets into buddies, rooms and conversations, and
 * keeps the shared tab state. The UI listens to its events and calls its actions; tests drive it in
 * Node against fake servers.
 *
 * Events: `state` (connection), `ready` (after each login), `buddies`, `buddy` (one changed), `rooms`,
 * `room`, `message` ({conv, msg, incoming, fresh}), `conversation` (a chat reloaded), `typing`
 * ({id, typing}), `tabs`, `self`, `settings`, `notifications`, `alert` ({key, msg}: a new incoming
 * message), `notice` ({key, kind}), `receipts` (conv: its messages turned delivered or seen), `error`.
 *
 * Messages not sent yet are kept in `sessionStorage` (core/unsent.js): after a reload the first login
 * shows them again and sends the waiting ones, in order, each once (by its client id).
 */
import { Emitter } from './emitter.js';
import { Connection, State } from './connection.js';
import { GatewayApi } from './api.js';
import { WebimError, Codes } from './errors.js';
import { Outbox, newClientId, GAVE_UP } from './outbox.js';
import { UnsentStore } from './unsent.js';
import { Conversation, SharedState, convKey, parseKey, localId, tokenSubject, MemoryStorage, UNICAST, MULTICAST, BROADCAST } from './model.js';

export const SHOWS = ['available', 'dnd', 'away', 'invisible'];
/** The protocol's settings, and the widget's own: `read_receipts` (tell buddies what I have seen), `notify` (browser notifications). */
export const DEFAULT_SETTINGS = Object.freeze({ blocked_rooms: [], play_sound: true, buddy_sticky: true, minimize_layout: true, msg_auto_pop: true, read_receipts: true, notify: false });

export const CLIENT_DEFAULTS = Object.freeze({
  historyPage: 30, // items per history page (the gateway's default; it allows up to 100)
  outboxGiveUp: 3 * 60 * 1000, // a message that could not go for this long is "not sent" (see core/outbox.js)
  outboxMinDelay: 1000, // backoff between tries of an unsent message (at least Retry-After)
  outboxMaxDelay: 15000,
  typingRepeat: 5000, // a new "typing" at most this often while keys are pressed
  typingIdle: 6000, // "clear" after this long without a key
  typingShown: 10000, // a buddy's typing notice disappears after this without news
});

export class WebimClient extends Emitter {
  constructor({ gateway, token = null, transport, storage = null, sessionStorage = null, window: win = null, fetch: fetchFn, logger = null, user = null, ...options } = {}) {
    super();
    this.options = { ...CLIENT_DEFAULTS, ...options };
    this.logger = logger;
    this.api = new GatewayApi({ gateway, token, fetch: fetchFn });
    this.storage = storage || new MemoryStorage();
    this.sessionStorage = sessionStorage;
    this._unsent = []; // {conv, msg}: sent by this page and not through yet (waiting or given up), in order
    this._unsentRestored = false;
    this.win = win;
    this.userHint = user || tokenSubject(token) || 'anonymous';
    this.shared = new SharedState({ storage: this.storage, user: this.userHint, window: win });
    this.self = null; // userInfo
    this.settings = { ...DEFAULT_SETTINGS };
    this.buddies = new Map();
    this.rooms = new Map();
    this.conversations = new Map();
    this.typing = new Map(); // buddy id -> timer
    this.notifications = [];
    this.pageVisible = true;
    this._typingOut = new Map(); // key -> {last, timer}
    this._pendingSettings = {};
    this._slowed = new Set(); // chats showing "slow down" (a message answered 429 waits in the outbox)
    this.connection = new Connection({
      api: this.api,
      transport,
      logger,
      loginParams: () => this._loginParams(),
      ...pick(options, ['pollTimeout', 'pollGrace', 'pollDelay', 'maxPollFailures', 'minDelay', 'maxDelay', 'random']),
    });
    this.outbox = new Outbox({
      deliver: (item) => this._deliver(item),
      ready: () => this.connection.connected && !!this.connection.ticket,
      giveUpAfter: this.options.outboxGiveUp,
      minDelay: this.options.outboxMinDelay,
      maxDelay: this.options.outboxMaxDelay,
      random: options.random,
    });
    this.outbox.on('retry', ({ item, error }) => {
      if (error.code !== Codes.RATE_LIMITED) return;
      this._slowed.add(item.conv.key);
      this.emit('notice', { key: item.conv.key, kind: 'slow' });
    });
    this.connection.on('state', (e) => {
      if (e.newState !== State.CONNECTED) this._clearTyping();
      this.emit('state', e);
      if (e.newState === State.CONNECTED) this.outbox.wake();
    });
    this.connection.on('login', (reply) => this._onLogin(reply));
    this.connection.on('packets', (reply) => this._onPackets(reply));
    this.connection.on('error', (err) => this.emit('error', err));
    this.connection.on('retrying', (e) => this.emit('retrying', e));
    this.shared.on('change', (e) => this._onShared(e));
  }

  _log(...args) {
    if (this.logger) this.logger('[webim]', ...args);
  }

  get state() {
    return this.connection.state;
  }

  get me() {
    return this.self ? this.self.id : this.userHint;
  }

  /** Online unless the user chose offline (on any page). */
  start() {
    if (this.shared.presence.offline) {
      this.emit('state', { oldState: State.DISCONNECTED, newState: State.DISCONNECTED, reason: 'offline' });
      return;
    }
    this.connection.connect();
  }

  _loginParams() {
    if (this.shared.presence.offline) return null;
    const buddyIds = [];
    const roomIds = [];
    for (const key of this.shared.tabs) {
      const { type, id } = parseKey(key);
      if (type === UNICAST) buddyIds.push(id);
      else if (type === MULTICAST) roomIds.push(id);
    }
    const p = this.shared.presence;
    const params = { show: SHOWS.includes(p.show) ? p.show : 'available' };
    if (p.status) params.status = p.status;
    if (buddyIds.length) params.buddy_ids = buddyIds.join(',');
    if (roomIds.length) params.room_ids = roomIds.join(',');
    return params;
  }

  // ---- login ----

  _onLogin(reply) {
    this.self = { ...reply.user };
    if (this.self.id !== this.userHint) this._rekey(this.self.id);
    // Before the histories: a kept message that reached the gateway comes back in them with its client id.
    if (!this._unsentRestored) this._restoreUnsent();
    this.settings = { ...DEFAULT_SETTINGS, ...(reply.setting || {}) };
    this.serverTimeOffset = reply.server_time ? reply.server_time - Date.now() : 0;
    // Every buddy known from an earlier login is offline unless this reply says otherwise.
    for (const b of this.buddies.values()) {
      b.presence = 'offline';
      b.show = 'unavailable';
    }
    for (const b of reply.buddies || []) this._putBuddy(b);
    for (const r of reply.rooms || []) this._putRoom(r);
    this.emit('ready', reply);
    this.emit('self', this.self);
    this.emit('settings', this.settings);
    this.emit('buddies');
    this.emit('rooms');
    // Offline messages first: they are also in the histories, and must count as new (unread, tab).
    for (const m of reply.new_messages || []) this._message({ ...m, offlineDelivered: true });
    for (const r of reply.rooms || []) if (Array.isArray(r.history)) this._history(convKey(MULTICAST, r.id), r.history);
    for (const [id, items] of Object.entries(reply.histories || {})) this._history(convKey(UNICAST, id), items);
    this._receipts(reply.receipts);
    if (Object.keys(this._pendingSettings).length) {
      const pending = this._pendingSettings;
      this._pendingSettings = {};
      this.api.post('setting', { ticket: this.connection.ticket, ...stringify(pending) }).catch((e) => this.emit('error', e));
    }
    this.loadBuddies().catch((e) => this.emit('error', e));
    this.loadNotifications().catch((e) => this.emit('error', e));
  }

  _rekey(user) {
    // The token did not name the user: move this page's state under the real id.
    const tabs = this.shared.doc;
    this.shared.dispose();
    this.userHint = user;
    this.shared = new SharedState({ storage: this.storage, user, window: this.win });
    if (!this.storage.getItem(this.shared.storageKey)) {
      this.shared.doc = tabs;
      this.shared.save();
    }
    this.shared.on('change', (e) => this._onShared(e));
  }

  _putBuddy(info) {
    if (!info || !info.id || info.id === this.me) return null;
    const b = this.buddies.get(info.id) || { id: info.id, group: 'stranger' };
    Object.assign(b, info);
    if (!b.nick) b.nick = b.id;
    this.buddies.set(b.id, b);
    return b;
  }

  _putRoom(info) {
    const r = this.rooms.get(info.id) || { id: info.id, online: new Map() };
    Object.assign(r, info);
    delete r.history;
    if (!r.nick) r.nick = r.id;
    this.rooms.set(r.id, r);
    return r;
  }

  conversation(key) {
    let c = this.conversations.get(key);
    if (!c) {
      c = new Conversation(key);
      this.conversations.set(key, c);
    }
    return c;
  }

  _history(key, items) {
    const conv = this.conversation(key);
    for (const item of items || []) conv.add({ ...item }, this.me);
    // A full page may have more behind it (an online reply's histories are pages of 30 too).
    if (!conv.historyLoaded) conv.hasEarlier = (items || []).length >= this.options.historyPage;
    conv.historyLoaded = true;
    conv.applyMarks(this.me);
    this.emit('conversation', conv);
  }

  /** `{"bob": {"delivered": id, "read": id}}` (the online reply, /webim/receipts). */
  _receipts(byPeer) {
    if (!byPeer || typeof byPeer !== 'object') return;
    for (const [peer, r] of Object.entries(byPeer)) {
      if (!r) continue;
      this._receipt(peer, 'delivered', r.delivered);
      this._receipt(peer, 'read', r.read);
    }
  }

  _receipt(peer, kind, id) {
    if (!id) return;
    const conv = this.conversation(convKey(UNICAST, peer));
    if (conv.mark(kind, id, this.me)) this.emit('receipts', conv);
  }

  // ---- packets ----

  _onPackets(reply) {
    for (const m of reply.messages || []) this._message(m);
    for (const p of reply.presences || []) this._presence(p);
    for (const s of reply.statuses || []) this._status(s);
  }

  _keyOf(m) {
    const type = m.type || UNICAST;
    if (type === MULTICAST) return convKey(MULTICAST, m.to);
    if (type === BROADCAST) return convKey(BROADCAST, '');
    return convKey(UNICAST, m.from === this.me ? m.to : m.from);
  }

  _message(m) {
    if (!m || typeof m.body !== 'string') return;
    const key = this._keyOf(m);
    const { type, id } = parseKey(key);
    if (type === UNICAST && !this.buddies.has(id)) {
      this._putBuddy({ id, nick: m.from === id ? m.nick : id, presence: 'offline', group: 'stranger' });
      this.loadBuddies([id]).catch(() => {});
    }
    const conv = this.conversation(key);
    const msg = conv.add({ ...m }, this.me);
    if (!msg) return;
    const incoming = m.from !== this.me;
    if (incoming && type === UNICAST) this._setTyping(id, false);
    if (incoming) this._incoming(key, msg);
    this.emit('message', { conv, msg, incoming, fresh: true });
  }

  /** Tabs, unread and auto-pop for a new message from someone else. */
  _incoming(key, msg) {
    const s = this.shared;
    if (!s.hasTab(key)) {
      const pop = this.settings.msg_auto_pop && !s.active;
      s.open(key, { activate: pop });
    }
    if (!(s.active === key && this.pageVisible)) s.addUnread(key, msg.id || localId());
    this.emit('alert', { key, msg });
  }

  _presence(p) {
    if (!p || !p.from) return;
    if (p.type === 'join' || p.type === 'leave') {
      const room = this.rooms.get(p.status);
      if (!room) return;
      if (p.type === 'join') {
        if (!room.online.has(p.from)) room.count = (room.count || 0) + 1;
        room.online.set(p.from, { id: p.from, nick: p.nick || p.from });
      } else {
        if (room.online.delete(p.from) || room.count > 0) room.count = Math.max(0, (room.count || 1) - 1);
      }
      this.emit('room', room);
      return;
    }
    if (p.from === this.me) {
      // Our own show, changed on another page.
      if (p.type === 'show' || p.type === 'online') {
        this.self.show = p.show;
        if (typeof p.status === 'string') this.self.status = p.status;
        this.shared.doc.presence.show = p.show;
        this.emit('self', this.self);
      }
      return;
    }
    const b = this.buddies.get(p.from) || (p.type !== 'offline' ? this._putBuddy({ id: p.from, nick: p.nick, group: 'stranger' }) : null);
    if (!b) return;
    if (p.nick) b.nick = p.nick;
    if (p.type === 'offline') {
      b.presence = 'offline';
      b.show = 'unavailable';
      this._setTyping(b.id, false);
    } else {
      b.presence = 'online';
      b.show = p.show || 'available';
      if (typeof p.status === 'string') b.status = p.status;
    }
    this.emit('buddy', b);
  }

  _status(s) {
    if (!s || s.to !== this.me || !s.from) return;
    // Receipts (extension): the buddy's page got our messages, or the buddy saw them.
    if (s.show === 'read' || s.show === 'delivered') return this._receipt(s.from, s.show, s.id);
    this._setTyping(s.from, s.show === 'typing');
  }

  /**
   * The user has the one-to-one chat `key` in front of them (visible and focused): its newest message
   * from the buddy is seen, which the buddy hears unless the `read_receipts` setting is off.
   */
  markSeen(key) {
    const { type, id } = parseKey(key);
    if (type !== UNICAST || this.settings.read_receipts === false || !this.connection.connected) return;
    const conv = this.conversations.get(key);
    const last = conv && conv.lastIncoming(this.me);
    if (!last || conv.readSent === last.id) return;
    conv.readSent = last.id;
    this.api.post('status', { ticket: this.connection.ticket, to: id, show: 'read', id: last.id }).catch((e) => {
      if (conv.readSent === last.id) conv.readSent = null;
      this.emit('error', e);
    });
  }

  _setTyping(id, on) {
    const old = this.typing.get(id);
    if (old) clearTimeout(old);
    if (on) {
      this.typing.set(id, setTimeout(() => this._setTyping(id, false), this.options.typingShown));
    } else {
      this.typing.delete(id);
      if (!old) return;
    }
    this.emit('typing', { id, typing: on });
  }

  _clearTyping() {
    for (const id of [...this.typing.keys()]) this._setTyping(id, false);
  }

  isTyping(id) {
    return this.typing.has(id);
  }

  // ---- shared state across tabs ----

  _onShared(e) {
    this.emit('tabs', e);
    if (!e.remote) return;
    const p = this.shared.presence;
    if (p.offline && this.state !== State.DISCONNECTED) {
      // Another tab chose offline: the gateway ended every page already.
      this.connection.disconnect('offline');
      this._allOffline();
    } else if (!p.offline && this.state === State.DISCONNECTED) {
      this.connection.connect();
    }
  }

  _allOffline() {
    for (const b of this.buddies.values()) {
      b.presence = 'offline';
      b.show = 'unavailable';
    }
    for (const r of this.rooms.values()) r.online.clear();
    this.emit('buddies');
  }

  /** The UI says whether the page is visible; a visible active chat reads its messages. */
  setPageVisible(visible) {
    this.pageVisible = visible;
    if (visible && this.shared.active) this.shared.markRead(this.shared.active);
  }

  // ---- actions ----

  async _ticket() {
    await this.connection.ready();
    return this.connection.ticket;
  }

  /** Opens (and shows) a chat; loads its history the first time. */
  openChat(key, { activate = true } = {}) {
    this.shared.open(key, { activate });
    const { type, id } = parseKey(key);
    if (type === UNICAST && !this.buddies.has(id)) this.loadBuddies([id]).catch(() => {});
    const conv = this.conversation(key);
    if (!conv.historyLoaded && type !== BROADCAST) this.loadHistory(key).catch((e) => this.emit('error', e));
    if (type === MULTICAST) this.loadMembers(id).catch((e) => this.emit('error', e));
    return conv;
  }

  closeChat(key) {
    this.shared.close(key);
  }

  async loadHistory(key) {
    const { type, id } = parseKey(key);
    const items = await this.api.get('history', { id, type });
    this._history(key, Array.isArray(items) ? items : []);
    if (type === UNICAST) this._receipts(await this.api.get('receipts', { ids: id }));
  }

  /** The page of history before the oldest shown message ("load earlier messages"); resolves with how many came. */
  async loadEarlier(key) {
    const { type, id } = parseKey(key);
    const conv = this.conversation(key);
    const before = conv.oldestKnown();
    if (!before) return 0;
    const items = await this.api.get('history', { id, type, before, limit: this.options.historyPage });
    const list = Array.isArray(items) ? items : [];
    for (const item of list) conv.add({ ...item }, this.me);
    conv.hasEarlier = list.length >= this.options.historyPage;
    conv.applyMarks(this.me);
    this.emit('conversation', conv);
    return list.length;
  }

  async clearHistory(key) {
    const { id } = parseKey(key);
    await this.api.post('clear_history', { ticket: await this._ticket(), id });
    this.conversation(key).clear();
    this.emit('conversation', this.conversation(key));
  }

  downloadHistory(key) {
    const { type, id } = parseKey(key);
    return this.api.downloadHistory(id, type);
  }

  /**
   * Sends a message through the outbox: shown at once as "sending", sent in order once the connection
   * is up, exactly once (its client id). Resolves with the shown message when the outbox is done with
   * it: `failed` when it gave up (`retryFailed` sends it again, in its place), `kept` when the gateway
   * stored it but could not forward it now (delivered later; not to be sent again).
   */
  async send(key, body, style = '') {
    const { type, id } = parseKey(key);
    const text = String(body).trim();
    if (!text) return null;
    const buddy = type === UNICAST ? this.buddies.get(id) : null;
    const offline = type === UNICAST && (!buddy || buddy.presence !== 'online');
    const conv = this.conversation(key);
    const clientId = newClientId();
    const msg = conv.add({
      id: clientId, clientId, local: true, pending: true, type, from: this.me, nick: this.self ? this.self.nick : this.me,
      to: type === BROADCAST ? '' : id, body: text, style, timestamp: Date.now() + (this.serverTimeOffset || 0), offline,
    }, this.me);
    this._stopTyping(key);
    this._unsent.push({ conv, msg });
    this._saveUnsent();
    this.emit('message', { conv, msg, incoming: false, fresh: true });
    if (offline && this.connection.connected) this.emit('notice', { key, kind: 'offline', id });
    await this._queue(conv, msg);
    return msg;
  }

  /** Sends this chat's failed messages again, in the order they are shown. */
  retryFailed(key) {
    const conv = this.conversation(key);
    const failed = conv.messages.filter((m) => m.failed && m.local);
    for (const m of failed) {
      m.failed = false;
      m.pending = true;
      if (!this._unsent.some((u) => u.msg === m)) this._unsent.push({ conv, msg: m });
      this.emit('message-update', { conv, msg: m });
    }
    this._saveUnsent();
    return Promise.all(failed.map((m) => this._queue(conv, m)));
  }

  _unsentStore() {
    return new UnsentStore({ storage: this.sessionStorage, user: this.me });
  }

  /** Keeps what is not through yet for a reload (not under "anonymous": that could be someone else). */
  _saveUnsent() {
    if (!this.self && this.userHint === 'anonymous') return;
    this._unsentStore().save(this._unsent.map(({ conv, msg }) => ({
      key: conv.key, clientId: msg.clientId, body: msg.body, style: msg.style || '', timestamp: msg.timestamp, failed: !!msg.failed,
    })));
  }

  _forgetUnsent(msg) {
    this._unsent = this._unsent.filter((u) => u.msg !== msg);
    this._saveUnsent();
  }

  /** The first login of the page: messages an earlier page of this tab did not get through, shown and queued again. */
  _restoreUnsent() {
    this._unsentRestored = true;
    for (const e of this._unsentStore().load()) {
      const { type, id } = parseKey(e.key);
      const conv = this.conversation(e.key);
      if (conv.find(e.clientId)) continue;
      const msg = conv.add({
        id: e.clientId, clientId: e.clientId, local: true, pending: !e.failed, failed: e.failed, type, from: this.me, nick: this.self.nick || this.me,
        to: type === BROADCAST ? '' : id, body: e.body, style: e.style, timestamp: e.timestamp, offline: false,
      }, this.me);
      if (!msg) continue;
      this._unsent.push({ conv, msg });
      this.emit('message', { conv, msg, incoming: false, fresh: false });
      if (!e.failed) this._queue(conv, msg);
    }
    this._saveUnsent();
  }

  /** True while messages wait in the outbox. */
  get sending() {
    return this.outbox.size > 0;
  }

  async _queue(conv, msg) {
    try {
      const reply = await this.outbox.add({ conv, msg });
      msg.pending = false;
      this._forgetUnsent(msg);
      if (reply && typeof reply === 'object' && typeof reply.id === 'string') {
        msg.serverId = reply.id;
        conv.ids.add(reply.id);
        if (reply.delivered === true && conv.type === UNICAST) conv.mark('delivered', reply.id, this.me);
      }
      if (this._slowed.delete(conv.key)) this.emit('notice', { key: conv.key, kind: msg.offline ? 'offline' : null });
    } catch (e) {
      // The page is going away: the message stays kept for the next page, as it is.
      if (this._stopped) return;
      msg.pending = false;
      if (e.kept) {
        // The gateway stored it before the router failed (busy, down): it is delivered later. Known by
        // the gateway's id from now on.
        msg.kept = true;
        if (e.serverId && !conv.has(e.serverId)) {
          msg.serverId = e.serverId;
          conv.ids.add(e.serverId);
        }
      } else {
        msg.failed = true;
      }
      // Kept by the gateway, or refused for good: nothing for a reload to send. Given up: shown "not sent" again.
      if (e.code === GAVE_UP) this._saveUnsent();
      else this._forgetUnsent(msg);
      this.emit('error', e);
    }
    this.emit('message-update', { conv, msg });
  }

  /** One try of `/webim/message` for the outbox, with the ticket of now. */
  _deliver({ conv, msg }) {
    const { type, id } = parseKey(conv.key);
    const buddy = type === UNICAST ? this.buddies.get(id) : null;
    if (type === UNICAST) msg.offline = !buddy || buddy.presence !== 'online';
    const params = { ticket: this.connection.ticket, type, body: msg.body, client_id: msg.clientId };
    if (type !== BROADCAST) params.to = id;
    if (msg.style) params.style = msg.style;
    if (msg.offline) params.offline = 1;
    return this.api.post('message', params);
  }

  /** Call on each key press in a chat: "typing" now and then, "clear" once the keys stop. */
  keyPressed(key) {
    const { type, id } = parseKey(key);
    if (type !== UNICAST || !this.connection.connected) return;
    const b = this.buddies.get(id);
    if (!b || b.presence !== 'online') return;
    const t = this._typingOut.get(key) || { last: 0, timer: null };
    this._typingOut.set(key, t);
    const now = Date.now();
    if (now - t.last >= this.options.typingRepeat) {
      t.last = now;
      this._postStatus(id, 'typing');
    }
    clearTimeout(t.timer);
    t.timer = setTimeout(() => {
      t.timer = null;
      t.last = 0;
      this._postStatus(id, 'clear');
    }, this.options.typingIdle);
  }

  _stopTyping(key) {
    const t = this._typingOut.get(key);
    if (!t) return;
    clearTimeout(t.timer);
    this._typingOut.delete(key);
  }

  _postStatus(to, show) {
    if (!this.connection.ticket) return;
    this.api.post('status', { ticket: this.connection.ticket, to, show }).catch((e) => this.emit('error', e));
  }

  /** available, dnd (busy), away, invisible, or offline; `status` is the status message. */
  async setPresence(show, status) {
    if (show === 'offline') return this.goOffline();
    if (!SHOWS.includes(show)) throw new RangeError('webim: unknown show ' + show);
    const st = status === undefined ? this.shared.presence.status || '' : String(status);
    const wasOffline = this.shared.presence.offline || this.state === State.DISCONNECTED;
    this.shared.setPresence({ show, status: st, offline: false });
    if (this.self) {
      this.self.show = show;
      this.self.status = st;
      this.emit('self', this.self);
    }
    if (wasOffline) {
      this.connection.connect();
      return;
    }
    const ticket = await this._ticket();
    await this.api.post('presence', { ticket, show, status: st });
  }

  /** The user chose offline: every page of the site ends and buddies are told at once. */
  async goOffline() {
    const ticket = this.connection.ticket;
    this.shared.setPresence({ offline: true });
    // The held poll is answered before the page ends (no JSON 404 for a script: see JsonpTransport.release).
    await this.connection.disconnect('offline', { release: true });
    this._allOffline();
    if (this.self) this.emit('self', this.self);
    if (ticket) await this.api.post('offline', { ticket });
  }

  /** The page is being left (pagehide): only this page ends; buddies see no flap. */
  leave() {
    const ticket = this.connection.ticket;
    if (ticket) this.api.beacon('refresh', { ticket });
    this.connection.disconnect('leave');
  }

  async setSetting(name, value) {
    this.settings[name] = value;
    this.emit('settings', this.settings);
    if (!this.connection.ticket) {
      this._pendingSettings[name] = value;
      return;
    }
    await this.api.post('setting', { ticket: this.connection.ticket, ...stringify({ [name]: value }) });
  }

  async loadBuddies(ids) {
    const list = await this.api.get('buddies', ids && ids.length ? { ids: ids.join(',') } : {});
    for (const b of Array.isArray(list) ? list : []) this._putBuddy(b);
    this.emit('buddies');
  }

  async loadMembers(roomId) {
    const [members, infos] = await Promise.all([
      this.api.get('members', { ids: roomId }),
      this.api.get('rooms', { ids: roomId }),
    ]);
    const room = this.rooms.get(roomId) || this._putRoom({ id: roomId });
    if (Array.isArray(infos) && infos[0]) {
      const info = infos[0];
      room.members = info.members || room.members;
      room.all_count = info.all_count;
    }
    room.online = new Map();
    for (const m of (members && members[roomId]) || []) room.online.set(m.id, m);
    room.count = room.online.size;
    this.emit('room', room);
    return room;
  }

  /** Blocks a room: leaves it at the router and remembers it in the settings (gateway side). */
  async blockRoom(id) {
    await this.api.post('leave', { ticket: await this._ticket(), id });
    const room = this.rooms.get(id);
    if (room) {
      room.blocked = true;
      room.online.clear();
      room.count = 0;
    }
    const blocked = new Set(this.settings.blocked_rooms || []);
    blocked.add(id);
    this.settings.blocked_rooms = [...blocked];
    this.emit('room', room);
    this.emit('settings', this.settings);
  }

  async unblockRoom(id) {
    const info = await this.api.post('join', { ticket: await this._ticket(), id });
    const room = this._putRoom({ ...info, blocked: false });
    this.settings.blocked_rooms = (this.settings.blocked_rooms || []).filter((r) => r !== id);
    this.emit('room', room);
    this.emit('settings', this.settings);
    await this.loadMembers(id).catch(() => {});
  }

  async loadNotifications() {
    const list = await this.api.get('notifications');
    this.notifications = Array.isArray(list) ? list : [];
    this.emit('notifications', this.notifications);
  }

  unreadNotifications() {
    return this.notifications.filter((n) => !n.read).length;
  }

  async readNotifications() {
    const ids = this.notifications.filter((n) => !n.read).map((n) => n.id);
    if (!ids.length) return;
    this.notifications.forEach((n) => (n.read = true));
    this.emit('notifications', this.notifications);
    await this.api.post('notifications/read', { ticket: await this._ticket(), ids: ids.join(',') });
  }

  stop() {
    this._stopped = true;
    this.outbox.stop();
    this.connection.disconnect('stop');
    this._clearTyping();
    for (const t of this._typingOut.values()) clearTimeout(t.timer);
    this._typingOut.clear();
    this.shared.dispose();
  }
}

function pick(o, keys) {
  const out = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function stringify(o) {
  const out = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

export { State, WebimError, Codes };
