/**
 * The widget's UI, as a coordinator: it builds the parts, hands each event of the client
 * (core/client.js) to the parts it concerns, and owns what lies between them — which panel is open,
 * where the chat window stands, the keyboard and page-visibility handling, sounds and notifications.
 *
 * The parts (each its own module, with its own tests):
 * - ui/bar.js: the bar with the chat tabs and the buttons
 * - ui/buddy-list.js: the contact list panel
 * - ui/panels.js: the panel above the bar (contacts, notifications, settings, presence, more tabs)
 * - ui/chat-window.js: one chat, made of ui/chat-header.js, ui/message-list.js, ui/room-members.js
 *   and ui/composer.js
 * Each updates in place: a buddy's presence changes its row and its tab, a typing event its row, tab
 * and typing line, a message appends one bubble.
 */
import { h, cssEscape } from './dom.js';
import { translator } from './i18n.js';
import { avatar, presenceDot, titleOf } from './look.js';
import { Chime, TitleFlasher } from './sound.js';
import { Notifier } from './notifier.js';
import { userLocale } from './time.js';
import { Bar } from './bar.js';
import { BuddyList } from './buddy-list.js';
import { Panels } from './panels.js';
import { ChatWindow } from './chat-window.js';
import { State } from '../core/connection.js';
import { convKey, UNICAST, MULTICAST } from '../core/model.js';

/** Phones, portrait or landscape (the same query as in webim.css). */
const PHONE = '(max-width: 640px), (max-height: 480px) and (pointer: coarse)';

export class WebimUI {
  constructor(client, { lang = 'en', document: doc = globalThis.document, window: win = globalThis.window, container = null } = {}) {
    this.client = client;
    this.lang = lang;
    this.t = translator(lang);
    this.doc = doc;
    this.win = win;
    this.container = container || doc.body;
    this.chime = new Chime(win);
    this.flasher = new TitleFlasher(doc);
    this.notifier = new Notifier({
      window: win, document: doc, claim: (msg) => this.claimOnce(msg, 'notified'),
      onOpen: (key) => this.openChat(key),
    });
    this.offs = [];
    this._unauthorized = false;
    /** What every part gets: the client, words, the page, and the few actions they share. */
    this.ctx = {
      client,
      t: this.t,
      locale: userLocale(lang, win && win.navigator),
      doc,
      win,
      act: (promise) => this.act(promise),
      toast: (text) => this.toast(text),
      live: () => this.live,
    };
  }

  mount() {
    const ctx = this.ctx;
    this.root = h('div', { class: 'webim', id: 'webim', lang: this.lang, role: 'region', 'aria-label': this.t('chat') });
    this.bar = new Bar(ctx, {
      panel: () => this.panel, onPanel: (name) => this.setPanel(name), onToggleChat: (key) => this.toggleChat(key), signedOut: () => this._unauthorized,
    });
    this.buddyList = new BuddyList(ctx, { onOpen: (key) => this.openChat(key), header: (title, extra) => this.panels.header(title, extra) });
    this.panels = new Panels(ctx, {
      bar: this.bar, buddyList: this.buddyList, onPanel: (name) => this.setPanel(name), notifier: this.notifier,
      onOpen: (key) => {
        this.panels.name = null;
        this.openChat(key);
      },
    });
    this.chat = new ChatWindow(ctx, {
      showMembers: !this.isPhone(),
      onOpen: (key) => this.openChat(key),
      onLayout: () => this.positionWindow(),
      onBack: () => {
        this.client.shared.activate(null);
        if (this.panel !== 'buddies') this.setPanel('buddies');
      },
    });
    this.toastEl = h('div', { class: 'webim-toast', hidden: true, role: 'status' });
    this.root.append(this.chat.el, this.panels.el, this.toastEl, this.bar.el);
    this.container.appendChild(this.root);
    this.listen();
    this.client.setPageVisible(!this.doc.hidden);
    this.trackViewport();
    this.renderAll();
  }

  /** The client's events, each to the parts it concerns. */
  listen() {
    const c = this.client;
    const on = (ev, fn) => this.offs.push(c.on(ev, fn));
    on('state', () => this.renderAll());
    on('ready', () => {
      if (c.shared.panel === 'buddies' && c.settings.buddy_sticky) this.panels.name = 'buddies';
      this.renderAll();
    });
    on('self', () => this.bar.renderButtons());
    on('retrying', () => { // polls of a live page answered "unavailable": reconnecting
      this.bar.renderButtons();
      this.chat.update();
    });
    on('settings', () => this.renderAll());
    on('buddies', () => this.renderAll());
    on('buddy', (b) => this.onBuddy(b));
    on('rooms', () => this.renderAll());
    on('room', (r) => this.onRoom(r));
    on('message', ({ conv, msg }) => {
      if (conv.key !== this.chat.key) return;
      this.chat.onMessage(msg);
      if (msg.from !== c.me) this.seeIfViewing(conv.key);
    });
    on('message-update', ({ conv }) => {
      if (conv.key === this.chat.key) this.chat.onMessageUpdate();
    });
    on('conversation', (conv) => {
      if (conv.key === this.chat.key) this.chat.onConversation();
      this.seeIfViewing(conv.key);
    });
    on('receipts', (conv) => {
      if (conv.key === this.chat.key) this.chat.onMessageUpdate();
    });
    on('typing', ({ id }) => this.onTyping(id));
    on('tabs', () => {
      this.renderTabs();
      if (c.shared.active !== this.chat.key) this.renderWindow();
    });
    on('notifications', () => {
      this.bar.renderButtons();
      if (this.panel === 'notifications') this.renderPanel();
    });
    on('alert', (e) => this.onAlert(e));
    on('notice', (e) => this.chat.setNotice(e.key, e.kind));

    this._onVisibility = () => {
      this.client.setPageVisible(!this.doc.hidden);
      this.seeIfViewing(this.chat.key);
    };
    this.doc.addEventListener('visibilitychange', this._onVisibility);
    this._onFocus = () => this.seeIfViewing(this.chat.key);
    this.win.addEventListener('focus', this._onFocus);
    this._onResize = () => this.renderTabs();
    this.win.addEventListener('resize', this._onResize);
    this._onDocClick = (e) => {
      if (this.panel && this.panel !== 'buddies' && !this.root.contains(e.target)) {
        this.panels.name = null;
        this.renderPanel();
      }
    };
    this.doc.addEventListener('click', this._onDocClick);
    this._onKey = (e) => this.onEscape(e);
    this.doc.addEventListener('keydown', this._onKey);
  }

  unmount() {
    this.offs.forEach((off) => off());
    this.doc.removeEventListener('visibilitychange', this._onVisibility);
    this.win.removeEventListener('resize', this._onResize);
    this.win.removeEventListener('focus', this._onFocus);
    if (this._onViewport) {
      this.win.visualViewport.removeEventListener('resize', this._onViewport);
      this.win.visualViewport.removeEventListener('scroll', this._onViewport);
    }
    this.doc.removeEventListener('click', this._onDocClick);
    this.doc.removeEventListener('keydown', this._onKey);
    this.flasher.stop();
    this.chat.show(null);
    this.root.remove();
  }

  /** Escape closes the open panel, else the emoji picker, else the chat (back to its tab). */
  onEscape(e) {
    if (e.key !== 'Escape') return;
    const inChat = this.chat.el.contains(this.doc.activeElement);
    if (this.panel) {
      this.setPanel(null);
    } else if (this.chat.composer && this.chat.composer.emojiOpen && inChat) {
      this.chat.composer.closeEmoji();
    } else if (this.chat.key && inChat) {
      const key = this.chat.key;
      this.client.shared.activate(null);
      const tab = this.bar.tabsEl.querySelector(`.webim-tab-open[data-key="${cssEscape(key)}"]`);
      if (tab) tab.focus();
    }
  }

  // ---- helpers ----

  get panel() {
    return this.panels ? this.panels.name : null;
  }

  /** The open chat's conversation key (null: none). */
  get renderedKey() {
    return this.chat ? this.chat.key : null;
  }

  isPhone() {
    return !!(this.win && this.win.matchMedia && this.win.matchMedia(PHONE).matches);
  }

  /** The on-screen keyboard shrinks the visual viewport, not the layout one: the chat follows it. */
  trackViewport() {
    const vv = this.win.visualViewport;
    if (!vv) return;
    this._onViewport = () => {
      this.root.style.setProperty('--wi-vvh', Math.round(vv.height) + 'px');
      this.root.style.setProperty('--wi-vvt', vv.offsetTop + 'px');
      if (this.chat.list) this.chat.list.stick.follow();
    };
    vv.addEventListener('resize', this._onViewport);
    vv.addEventListener('scroll', this._onViewport);
    this._onViewport();
  }

  /** Connected and polling: presences and packets are current. */
  get live() {
    return this.client.state === State.CONNECTED && !this.client.connection.retrying;
  }

  titleOf(key) {
    return titleOf(this.client, this.t, key);
  }

  avatar(entity, options) {
    return avatar(this.win, entity, options);
  }

  dot(show, options) {
    return presenceDot(this.t, show, options);
  }

  toast(text) {
    this.toastEl.textContent = text;
    this.toastEl.hidden = false;
    clearTimeout(this._toastTimer);
    this._toastTimer = setTimeout(() => (this.toastEl.hidden = true), 4000);
  }

  async act(promise) {
    try {
      return await promise;
    } catch (e) {
      this.toast(e && e.message ? e.message : String(e));
      return undefined;
    }
  }

  setPanel(panel) {
    const was = this.panel;
    const active = this.doc.activeElement;
    const focusWasInPanel = this.panels.el.contains(active) || active === this.doc.body || this.bar.el.contains(active);
    this.panels.name = this.panel === panel ? null : panel;
    if (this.client.settings.buddy_sticky) this.client.shared.setPanel(this.panel === 'buddies' ? 'buddies' : null);
    this.renderPanel();
    this.bar.renderButtons();
    // Focus goes into a panel that opens, and back to its button when it closes.
    if (this.panel) this.focusPanel();
    else if (was && focusWasInPanel) this.focusOpener(was);
    if (this.panel === 'notifications') this.act(this.client.readNotifications());
  }

  focusPanel() {
    const p = this.panels.el;
    const first = ['.webim-menu-item[aria-checked="true"]', '.webim-menu-item', 'input', 'a[href]', 'button'];
    const target = (this.panel === 'buddies' && this.buddyList.searchInput) || first.map((sel) => p.querySelector(sel)).find(Boolean);
    if (target) target.focus();
  }

  focusOpener(panel) {
    const btn = panel === 'more' ? this.bar.tabsEl.querySelector('.webim-tab-more') : this.bar.buttonsEl.querySelector(`[data-focus="${panel}"]`);
    if (btn) btn.focus();
  }

  /** A read receipt is due when the chat is open in a page that is visible and has the focus. */
  seeIfViewing(key) {
    if (!key || key !== this.chat.key || this.doc.hidden) return;
    if (typeof this.doc.hasFocus === 'function' && !this.doc.hasFocus()) return;
    this.client.markSeen(key);
  }

  // ---- events ----

  /** One buddy's presence: its row, its tab, the online count, and its chat's head if open. */
  onBuddy(b) {
    if (this.panel === 'buddies') this.buddyList.updateBuddy(b);
    this.bar.renderOnlineCount();
    const key = convKey(UNICAST, b.id);
    if (b.presence === 'online') this.chat.clearNotice(key);
    this.bar.updateTab(key);
    if (this.panel === 'more') this.renderPanel();
    if (this.chat.key === key) this.chat.header.render();
  }

  onRoom(r) {
    if (!r) return;
    if (this.panel === 'buddies') this.buddyList.updateRoom(r);
    if (this.chat.key === convKey(MULTICAST, r.id)) this.chat.update();
  }

  /** A buddy started or stopped typing: their row, their tab, and the open chat's typing line. */
  onTyping(id) {
    const key = convKey(UNICAST, id);
    if (this.chat.key === key) this.chat.renderTyping();
    if (this.panel === 'buddies') this.buddyList.updateTyping(id);
    this.bar.updateTab(key);
    if (this.panel === 'more') this.renderPanel();
  }

  onAlert({ key, msg }) {
    const viewing = !this.doc.hidden && this.client.shared.active === key;
    if (this.client.settings.play_sound && !viewing && this.claimOnce(msg, 'chimed')) this.chime.play();
    const name = msg.type === MULTICAST ? `${msg.nick || msg.from} @ ${this.titleOf(key)}` : msg.nick || msg.from;
    this.flasher.flash(this.t('newMessageFrom', { name }));
    if (this.client.settings.notify) this.notifier.show(key, this.t('newMessageFrom', { name }), msg.body, msg);
  }

  /** Every tab of the site gets the message: only the first one to see it plays the sound (or notifies). */
  claimOnce(msg, what) {
    if (!msg.id) return true;
    const k = `nextim:${this.client.me}:${what}`;
    try {
      const s = this.win.localStorage;
      if (s.getItem(k) === msg.id) return false;
      s.setItem(k, msg.id);
    } catch {
      /* no storage: play */
    }
    return true;
  }

  // ---- rendering ----

  renderAll() {
    this.root.classList.toggle('webim-compact', !!this.client.settings.minimize_layout);
    this.root.dataset.state = this.client.state;
    this.bar.renderButtons();
    this.renderTabs();
    this.renderPanel();
    this.renderWindow();
  }

  renderTabs() {
    this.bar.renderTabs();
    if (this.panel === 'more') this.renderPanel();
    this.positionWindow();
  }

  renderPanel() {
    this.panels.render();
    this.positionWindowSoon();
  }

  toggleChat(key) {
    const s = this.client.shared;
    if (s.active === key) s.activate(null);
    else this.openChat(key);
  }

  openChat(key) {
    const unread = this.client.shared.doc.unread[key];
    this.unreadAtOpen = unread && unread.length ? { key, ids: [...unread] } : null;
    this.client.openChat(key);
    if (this.panel && this.panel !== 'buddies') this.panels.name = null;
    if (this.panel === 'buddies' && !this.client.settings.buddy_sticky) {
      this.panels.name = null;
      this.client.shared.setPanel(null);
    }
    this.renderPanel();
    this.bar.renderButtons();
    this.renderWindow();
    if (this.chat.inputEl) this.chat.inputEl.focus();
  }

  /** The active chat: shown anew when it is another one, else its parts brought up to date. */
  renderWindow() {
    const key = this.client.shared.active;
    if (key !== this.chat.key) {
      // The messages that were unread when the chat opened get a divider above them, until it closes.
      // Opening the chat has cleared them from the shared state already: openChat noted them.
      const noted = this.unreadAtOpen && this.unreadAtOpen.key === key ? this.unreadAtOpen.ids : null;
      const ids = noted || (key ? this.client.shared.doc.unread[key] : null);
      this.unreadAtOpen = null;
      this.chat.show(key, { unreadFrom: ids && ids.length ? new Set(ids) : null });
    } else {
      this.chat.update();
    }
    if (!key) return;
    this.positionWindow();
    if (!this.doc.hidden) this.client.shared.markRead(key);
    this.seeIfViewing(key);
  }

  positionWindowSoon() {
    if (this._posQueued) return;
    this._posQueued = true;
    Promise.resolve().then(() => {
      this._posQueued = false;
      this.positionWindow();
    });
  }

  positionWindow() {
    const win = this.chat.el;
    if (!this.chat.key || win.hidden) return;
    const tab = this.bar.tabOf(this.chat.key);
    const width = win.offsetWidth || 340;
    const vw = this.win.innerWidth || 1024;
    let right = 12;
    if (tab) {
      const r = tab.getBoundingClientRect();
      right = Math.max(8, Math.min(vw - r.right, vw - width - 8));
    }
    // Side by side with an open panel rather than under it, when the page is wide enough.
    const panel = this.panels.el;
    if (this.panel && !panel.hidden && vw >= width + 340) {
      const panelLeft = panel.getBoundingClientRect().left;
      if (vw - right > panelLeft - 8) right = Math.min(vw - panelLeft + 8, vw - width - 8);
    }
    win.style.right = right + 'px';
  }
}
