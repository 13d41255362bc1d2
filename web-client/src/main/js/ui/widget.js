/**
 * The widget's UI: a bar fixed to the bottom of the page with chat tabs, the contact list, presence,
 * notifications and settings; one chat window above its tab. It renders the client's state with DOM
 * APIs only and calls the client's actions.
 */
import { h, clear, icon, keepingFocus, cssEscape } from './dom.js';
import { translator } from './i18n.js';
import { renderBody, applyStyle, initials, hue, safeUrl } from './text.js';
import { EMOJI } from './emoji.js';
import { Chime, TitleFlasher } from './sound.js';
import { StickToBottom } from './scroll.js';
import { Notifier } from './notifier.js';
import { receiptLabel } from './receipts.js';
import { userLocale, sameDay, dayLabel, timeLabel } from './time.js';
import { State } from '../core/connection.js';
import { parseKey, convKey, UNICAST, MULTICAST, BROADCAST } from '../core/model.js';

const SHOW_ORDER = { available: 0, chat: 0, away: 1, dnd: 2, busy: 2, invisible: 3, unavailable: 4 };
const GROUP_ORDER = ['friend', 'colleague'];
const PRESENCE_CHOICES = ['available', 'dnd', 'away', 'invisible', 'offline'];
const TAB_WIDTH = 156;
/** Phones, portrait or landscape (the same query as in webim.css). */
const PHONE = '(max-width: 640px), (max-height: 480px) and (pointer: coarse)';

export class WebimUI {
  constructor(client, { lang = 'en', document: doc = globalThis.document, window: win = globalThis.window, container = null } = {}) {
    this.client = client;
    this.lang = lang;
    this.locale = userLocale(lang, win && win.navigator);
    this.t = translator(lang);
    this.doc = doc;
    this.win = win;
    this.container = container || doc.body;
    this.panel = null; // 'buddies' | 'notifications' | 'settings' | 'presence' | 'more'
    this.search = '';
    this.showMembers = !this.isPhone();
    this.confirmClear = false;
    this.emojiOpen = false;
    this.renderedKey = null;
    this.notices = new Map(); // conversation key -> notice text
    this.msgEls = new Map(); // message object -> element
    this.chime = new Chime(win);
    this.flasher = new TitleFlasher(doc);
    this.notifier = new Notifier({
      window: win, document: doc, claim: (msg) => this.claimOnce(msg, 'notified'),
      onOpen: (key) => this.openChat(key),
    });
    this.drafts = new Map();
    this.offs = [];
  }

  mount() {
    const t = this.t;
    this.root = h('div', { class: 'webim', id: 'webim', lang: this.lang, role: 'region', 'aria-label': t('chat') });
    this.bar = h('div', { class: 'webim-bar' });
    this.tabsEl = h('ul', { class: 'webim-tabs', 'aria-label': t('chats') });
    this.buttonsEl = h('div', { class: 'webim-buttons' });
    this.bar.append(this.tabsEl, this.buttonsEl);
    this.windowEl = h('section', { class: 'webim-window', hidden: true, role: 'dialog' });
    this.panelEl = h('div', { class: 'webim-panel', hidden: true });
    this.toastEl = h('div', { class: 'webim-toast', hidden: true, role: 'status' });
    this.root.append(this.windowEl, this.panelEl, this.toastEl, this.bar);
    this.container.appendChild(this.root);

    const c = this.client;
    const on = (ev, fn) => this.offs.push(c.on(ev, fn));
    on('state', () => this.renderAll());
    on('ready', () => {
      if (c.shared.panel === 'buddies' && c.settings.buddy_sticky) this.panel = 'buddies';
      this.renderAll();
    });
    on('self', () => this.renderButtons());
    on('retrying', () => { // polls of a live page answered "unavailable": reconnecting
      this.renderButtons();
      this.renderHeader();
      this.renderBanner();
    });
    on('settings', () => this.renderAll());
    on('buddies', () => this.renderAll());
    on('buddy', (b) => this.onBuddy(b));
    on('rooms', () => this.renderAll());
    on('room', (r) => this.onRoom(r));
    on('message', (e) => this.onMessage(e));
    on('message-update', (e) => this.onMessageUpdate(e));
    on('conversation', (conv) => {
      if (conv.key === this.renderedKey) this.renderMessages();
      this.seeIfViewing(conv.key);
    });
    on('receipts', (conv) => {
      if (conv.key === this.renderedKey) this.renderMessages();
    });
    on('typing', (e) => this.onTyping(e));
    on('tabs', () => this.onTabs());
    on('notifications', () => {
      this.renderButtons();
      if (this.panel === 'notifications') this.renderPanel();
    });
    on('alert', (e) => this.onAlert(e));
    on('notice', (e) => {
      this.notices.set(e.key, e.kind);
      if (e.key === this.renderedKey) this.renderNotice();
    });

    this._onVisibility = () => {
      this.client.setPageVisible(!this.doc.hidden);
      this.seeIfViewing(this.renderedKey);
    };
    this.doc.addEventListener('visibilitychange', this._onVisibility);
    this._onFocus = () => this.seeIfViewing(this.renderedKey);
    this.win.addEventListener('focus', this._onFocus);
    this._onResize = () => this.renderTabs();
    this.win.addEventListener('resize', this._onResize);
    this._onDocClick = (e) => {
      if (this.panel && this.panel !== 'buddies' && !this.root.contains(e.target)) {
        this.panel = null;
        this.renderPanel();
      }
    };
    this.doc.addEventListener('click', this._onDocClick);
    this._onKey = (e) => {
      if (e.key !== 'Escape') return;
      if (this.panel) {
        this.setPanel(null);
      } else if (this.emojiOpen && this.windowEl.contains(this.doc.activeElement)) {
        this.emojiOpen = false;
        this.renderComposer();
        if (this.inputEl) this.inputEl.focus();
      } else if (this.renderedKey && this.windowEl.contains(this.doc.activeElement)) {
        const key = this.renderedKey;
        this.client.shared.activate(null);
        const tab = this.tabsEl.querySelector(`.webim-tab-open[data-key="${cssEscape(key)}"]`);
        if (tab) tab.focus();
      }
    };
    this.doc.addEventListener('keydown', this._onKey);
    this.client.setPageVisible(!this.doc.hidden);
    this.trackViewport();
    this.renderAll();
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
    this.root.remove();
  }

  // ---- helpers ----

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
      if (this.stick) this.stick.follow();
    };
    vv.addEventListener('resize', this._onViewport);
    vv.addEventListener('scroll', this._onViewport);
    this._onViewport();
  }

  get connState() {
    return this.client.state;
  }

  /** Connected and polling: presences and packets are current. */
  get live() {
    return this.connState === State.CONNECTED && !this.client.connection.retrying;
  }

  titleOf(key) {
    const { type, id } = parseKey(key);
    if (type === BROADCAST) return this.t('announcements');
    if (type === MULTICAST) {
      const r = this.client.rooms.get(id);
      return r ? r.nick : id;
    }
    const b = this.client.buddies.get(id);
    return b ? b.nick : id;
  }

  showOf(b) {
    if (!b || b.presence !== 'online') return 'unavailable';
    return b.show || 'available';
  }

  avatar(entity, { size = 32, room = false } = {}) {
    const name = entity ? entity.nick || entity.id : '?';
    const el = h('span', {
      class: 'webim-avatar' + (room ? ' webim-avatar-room' : ''),
      style: { width: size + 'px', height: size + 'px', fontSize: Math.round(size * 0.42) + 'px', background: `hsl(${hue(entity ? entity.id : '?')} 55% 52%)` },
      'aria-hidden': 'true',
    }, h('span', { class: 'webim-initials' }, room ? '#' : initials(name)));
    const src = entity && (safeUrl(entity.pic_url, this.win.location.href) || safeUrl(entity.default_pic_url, this.win.location.href));
    if (src) {
      const img = h('img', { alt: '', src, loading: 'lazy', referrerpolicy: 'no-referrer' });
      img.addEventListener('error', () => img.remove()); // the initials stay
      el.appendChild(img);
    }
    return el;
  }

  /** A presence dot; `spoken` adds its meaning as text for screen readers (not by colour alone). */
  dot(show, { spoken = true } = {}) {
    const label = this.t('show_' + show);
    return h('span', { class: 'webim-dot', dataset: { show }, title: label }, spoken ? h('span', { class: 'webim-sr' }, label) : null);
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
    const focusWasInPanel = this.panelEl.contains(this.doc.activeElement) || this.doc.activeElement === this.doc.body
      || this.buttonsEl.contains(this.doc.activeElement) || this.tabsEl.contains(this.doc.activeElement);
    this.panel = this.panel === panel ? null : panel;
    if (this.client.settings.buddy_sticky) this.client.shared.setPanel(this.panel === 'buddies' ? 'buddies' : null);
    this.renderPanel();
    this.renderButtons();
    // Focus goes into a panel that opens, and back to its button when it closes.
    if (this.panel) this.focusPanel();
    else if (was && focusWasInPanel) this.focusOpener(was);
    if (this.panel === 'notifications') this.act(this.client.readNotifications());
  }

  focusPanel() {
    const p = this.panelEl;
    const first = ['.webim-menu-item[aria-checked="true"]', '.webim-menu-item', 'input', 'a[href]', 'button'];
    const target = (this.panel === 'buddies' && this.searchInput) || first.map((sel) => p.querySelector(sel)).find(Boolean);
    if (target) target.focus();
  }

  focusOpener(panel) {
    const btn = panel === 'more' ? this.tabsEl.querySelector('.webim-tab-more') : this.buttonsEl.querySelector(`[data-focus="${panel}"]`);
    if (btn) btn.focus();
  }

  /** A read receipt is due when the chat is open in a page that is visible and has the focus. */
  seeIfViewing(key) {
    if (!key || key !== this.renderedKey || this.doc.hidden) return;
    if (typeof this.doc.hasFocus === 'function' && !this.doc.hasFocus()) return;
    this.client.markSeen(key);
  }

  // ---- events ----

  onBuddy(b) {
    if (this.panel === 'buddies') this.renderPanel();
    this.renderButtons();
    const key = convKey(UNICAST, b.id);
    if (b.presence === 'online') this.notices.delete(key);
    if (this.client.shared.hasTab(key)) this.renderTabs();
    if (this.renderedKey === key) {
      this.renderHeader();
      this.renderNotice();
    }
  }

  onRoom(r) {
    if (!r) return;
    if (this.panel === 'buddies') this.renderPanel();
    const key = convKey(MULTICAST, r.id);
    if (this.renderedKey === key) {
      this.renderHeader();
      this.renderMembers();
      if (!!r.blocked !== this.composerBlocked) this.renderComposer();
    }
  }

  onMessage({ conv, msg }) {
    if (conv.key !== this.renderedKey || this.msgEls.has(msg)) return;
    const list = this.messagesEl;
    const empty = list.querySelector('.webim-empty');
    if (empty) empty.remove();
    const idx = conv.messages.indexOf(msg);
    if (conv.messages[idx + 1] && this.msgEls.has(conv.messages[idx + 1])) {
      this.renderMessages(); // an older message arrived late: redraw, with its day separators
    } else {
      const prev = conv.messages[idx - 1];
      if (!prev || !sameDay(prev.timestamp, msg.timestamp)) list.appendChild(this.dayEl(msg.timestamp));
      list.appendChild(this.messageEl(conv, msg, prev));
    }
    if (msg.from === this.client.me) this.stick.toBottom();
    else if (!this.stick.pinned) this.newBelowEl.hidden = false;
    this.renderTyping();
    if (msg.from !== this.client.me) this.seeIfViewing(conv.key);
  }

  onMessageUpdate({ conv }) {
    // Its state (sent, failed, delivered) can move the receipt label from another bubble: redraw.
    if (conv.key === this.renderedKey) this.renderMessages();
  }

  onTyping({ id }) {
    if (this.renderedKey === convKey(UNICAST, id)) this.renderTyping();
    if (this.panel === 'buddies') this.renderPanel();
    if (this.client.shared.hasTab(convKey(UNICAST, id))) this.renderTabs();
  }

  onTabs() {
    this.renderTabs();
    if (this.client.shared.active !== this.renderedKey) this.renderWindow();
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
    const s = this.client.settings;
    this.root.classList.toggle('webim-compact', !!s.minimize_layout);
    this.root.dataset.state = this.connState;
    this.renderButtons();
    this.renderTabs();
    this.renderPanel();
    this.renderWindow();
  }

  renderButtons() {
    const t = this.t;
    const c = this.client;
    this.root.dataset.state = this.connState;
    const online = [...c.buddies.values()].filter((b) => b.presence === 'online' && b.group !== 'stranger').length;
    const unreadNotes = c.unreadNotifications();
    const offline = c.shared.presence.offline || this.connState === State.DISCONNECTED;
    const show = offline ? 'offline' : (c.self && c.self.show) || c.shared.presence.show || 'available';
    let label;
    const reconnecting = this.connState === State.CONNECTING || (this.connState === State.CONNECTED && c.connection.retrying);
    if (reconnecting) label = c.connection.logins ? t('reconnecting') : t('connecting');
    else if (this._unauthorized) label = t('signedOut');
    else label = t('show_' + show);
    const me = c.self || { id: c.me, nick: c.me };

    const presenceBtn = h('button', {
      class: 'webim-btn webim-presence-btn' + (this.panel === 'presence' ? ' webim-on' : ''), type: 'button', dataset: { focus: 'presence' },
      title: t('presence'), 'aria-haspopup': 'menu', 'aria-expanded': this.panel === 'presence' ? 'true' : 'false', onclick: (e) => { e.stopPropagation(); this.setPanel('presence'); },
    }, h('span', { class: 'webim-avatar-wrap' }, this.avatar(me, { size: 22 }), this.dot(reconnecting ? 'connecting' : show, { spoken: false })),
    h('span', { class: 'webim-presence-label' }, label), h('span', { class: 'webim-sr' }, ' (' + t('presence') + ')'));
    const bell = h('button', {
      class: 'webim-btn webim-notify-btn' + (this.panel === 'notifications' ? ' webim-on' : ''), type: 'button', dataset: { focus: 'notifications' },
      // The visible count is part of the name (axe: label-content-name-mismatch).
      title: t('notifications'), 'aria-label': unreadNotes ? `${t('notifications')} ${unreadNotes}` : t('notifications'),
      onclick: (e) => { e.stopPropagation(); this.setPanel('notifications'); },
    }, icon('bell'), unreadNotes ? h('span', { class: 'webim-badge webim-notify-count' }, String(unreadNotes)) : null);
    const gear = h('button', {
      class: 'webim-btn webim-settings-btn' + (this.panel === 'settings' ? ' webim-on' : ''), type: 'button', dataset: { focus: 'settings' },
      title: t('settings'), 'aria-label': t('settings'), onclick: (e) => { e.stopPropagation(); this.setPanel('settings'); },
    }, icon('gear'));
    const chat = h('button', {
      class: 'webim-btn webim-buddies-btn' + (this.panel === 'buddies' ? ' webim-on' : ''), type: 'button', dataset: { focus: 'buddies' },
      onclick: (e) => { e.stopPropagation(); this.setPanel('buddies'); },
    }, icon('chat'), h('span', { class: 'webim-buddies-label' }, t('chat')),
    h('span', { class: 'webim-online-count', title: t('onlineCount', { n: online }) }, offline ? '–' : String(online)));
    keepingFocus(this.buttonsEl, () => clear(this.buttonsEl).append(bell, gear, presenceBtn, chat));
  }

  /** The tabs that fit in the bar: the active one, then those with unread messages, then the newest. */
  visibleTabs() {
    const s = this.client.shared;
    const tabs = s.tabs;
    const buttons = this.buttonsEl.offsetWidth || 360;
    const avail = Math.max(TAB_WIDTH, (this.win.innerWidth || 1024) - buttons - 60);
    const max = Math.max(1, Math.floor(avail / TAB_WIDTH));
    if (tabs.length <= max) return { shown: tabs, hidden: [] };
    const room = Math.max(1, max - 1); // one place for the "+n" button
    const ranked = [...tabs].reverse().sort((a, b) => (b === s.active) - (a === s.active) || (s.unreadCount(b) > 0) - (s.unreadCount(a) > 0));
    const keep = new Set(ranked.slice(0, room));
    return { shown: tabs.filter((k) => keep.has(k)), hidden: tabs.filter((k) => !keep.has(k)) };
  }

  tabLabel(key) {
    const { type, id } = parseKey(key);
    const c = this.client;
    if (type === UNICAST) {
      const b = c.buddies.get(id) || { id, nick: id };
      return [this.dot(this.showOf(b)), h('span', { class: 'webim-tab-name' }, b.nick), c.isTyping(id) ? h('span', { class: 'webim-typing-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')) : null];
    }
    return [h('span', { class: 'webim-tab-hash' }, type === MULTICAST ? '#' : '!'), h('span', { class: 'webim-tab-name' }, this.titleOf(key))];
  }

  renderTabs() {
    const s = this.client.shared;
    const { shown, hidden } = this.visibleTabs();
    const els = shown.map((key) => {
      const unread = s.unreadCount(key);
      const active = s.active === key;
      // A tab is two buttons side by side (open/close the chat, and close the tab): not one inside the other.
      return h('li', { class: 'webim-tab' + (active ? ' webim-active' : '') + (unread ? ' webim-unread' : ''), dataset: { key } },
        h('button', {
          class: 'webim-tab-open', type: 'button', 'aria-pressed': active ? 'true' : 'false', dataset: { key },
          onclick: () => this.toggleChat(key),
        }, this.tabLabel(key), unread ? h('span', { class: 'webim-badge webim-tab-unread' }, unread > 99 ? '99+' : String(unread)) : null),
      h('button', { class: 'webim-tab-close', type: 'button', title: this.t('close'), 'aria-label': this.t('close'), onclick: (e) => { e.stopPropagation(); this.client.closeChat(key); } }, icon('close', 14)));
    });
    const unread = hidden.reduce((n, k) => n + s.unreadCount(k), 0);
    const more = hidden.length ? h('button', {
      class: 'webim-tab-more' + (unread ? ' webim-unread' : ''), type: 'button', 'aria-haspopup': 'menu', dataset: { focus: 'more' },
      'aria-expanded': this.panel === 'more' ? 'true' : 'false',
      onclick: (e) => { e.stopPropagation(); this.setPanel('more'); },
    }, this.t('moreTabs', { n: hidden.length }), unread ? h('span', { class: 'webim-badge' }, String(unread)) : null) : null;
    keepingFocus(this.tabsEl, () => clear(this.tabsEl).append(...(more ? [h('li', { class: 'webim-tab-more-item' }, more)] : []), ...els));
    this.hiddenTabs = hidden;
    if (this.panel === 'more') this.renderPanel();
    this.positionWindow();
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
    if (this.panel && this.panel !== 'buddies') this.panel = null;
    if (this.panel === 'buddies' && !this.client.settings.buddy_sticky) {
      this.panel = null;
      this.client.shared.setPanel(null);
    }
    this.renderPanel();
    this.renderButtons();
    this.renderWindow();
    if (this.inputEl) this.inputEl.focus();
  }

  // ---- panels ----

  renderPanel() {
    keepingFocus(this.panelEl, () => this.drawPanel());
  }

  drawPanel() {
    const p = this.panel;
    clear(this.panelEl);
    this.panelEl.hidden = !p;
    this.panelEl.className = 'webim-panel' + (p ? ' webim-panel-' + p : '');
    if (!p) {
      this.searchInput = null;
      this.positionWindowSoon();
      return;
    }
    this.positionWindowSoon();
    if (p === 'buddies') this.renderBuddyPanel();
    else if (p === 'notifications') this.renderNotificationPanel();
    else if (p === 'settings') this.renderSettingsPanel();
    else if (p === 'presence') this.renderPresencePanel();
    else if (p === 'more') this.renderMorePanel();
    this.placeMoreMenu();
    this.panelEl.onclick = (e) => e.stopPropagation();
    this.panelEl.onkeydown = (e) => moveInMenu(e);
  }

  /** The menu of hidden tabs opens above its button, not at a corner of the page. */
  placeMoreMenu() {
    const btn = this.panel === 'more' && this.tabsEl.querySelector('.webim-tab-more');
    if (!btn) {
      this.panelEl.style.left = this.panelEl.style.right = '';
      return;
    }
    const r = btn.getBoundingClientRect();
    const vw = this.win.innerWidth || 1024;
    const width = this.panelEl.offsetWidth || 240;
    this.panelEl.style.right = 'auto';
    this.panelEl.style.left = Math.round(Math.max(8, Math.min(r.left, vw - width - 8))) + 'px';
  }

  panelHeader(title, extra) {
    return h('header', { class: 'webim-panel-head' }, h('h2', {}, title), extra || null,
      h('button', { class: 'webim-icon-btn', type: 'button', title: this.t('close'), 'aria-label': this.t('close'), onclick: () => this.setPanel(null) }, icon('close', 16)));
  }

  renderBuddyPanel() {
    const t = this.t;
    const c = this.client;
    const q = this.search.trim().toLowerCase();
    const offline = this.connState !== State.CONNECTED;
    const all = [...c.buddies.values()];
    const online = all.filter((b) => b.presence === 'online' && b.group !== 'stranger').length;
    const input = h('input', {
      class: 'webim-search', type: 'search', placeholder: t('search'), 'aria-label': t('search'), value: this.search,
      oninput: (e) => {
        this.search = e.target.value;
        this.renderBuddyList();
      },
    });
    this.searchInput = input;
    this.buddyListEl = h('div', { class: 'webim-buddy-scroll' });
    this.panelEl.append(
      this.panelHeader(t('buddies'), h('span', { class: 'webim-muted webim-online-summary' }, t('onlineCount', { n: offline ? 0 : online }))),
      h('div', { class: 'webim-search-wrap' }, icon('search', 15), input),
      this.buddyListEl,
    );
    this.renderBuddyList(q);
  }

  renderBuddyList() {
    const t = this.t;
    const c = this.client;
    const q = this.search.trim().toLowerCase();
    const el = clear(this.buddyListEl);
    const match = (x) => !q || (x.nick || '').toLowerCase().includes(q) || x.id.toLowerCase().includes(q);
    if (this.connState === State.DISCONNECTED && c.shared.presence.offline) {
      el.append(h('p', { class: 'webim-hint' }, t('offlineHint')));
    }
    const groups = new Map();
    for (const b of c.buddies.values()) {
      if (!match(b)) continue;
      const g = b.group || 'friend';
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(b);
    }
    const order = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    function rank(g) {
      const i = GROUP_ORDER.indexOf(g);
      return g === 'stranger' ? 99 : i < 0 ? 50 : i;
    }
    for (const g of order) {
      const list = groups.get(g).sort((a, b) => (SHOW_ORDER[this.showOf(a)] - SHOW_ORDER[this.showOf(b)]) || a.nick.localeCompare(b.nick));
      const on = list.filter((b) => b.presence === 'online').length;
      const name = t('group_' + g) === 'group_' + g ? g : t('group_' + g);
      el.append(h('section', { class: 'webim-group', dataset: { group: g } },
        h('h3', { class: 'webim-group-head' }, h('span', {}, name), h('span', { class: 'webim-muted' }, `${on}/${list.length}`)),
        h('ul', { class: 'webim-buddy-list' }, list.map((b) => this.buddyItem(b)))));
    }
    const rooms = [...c.rooms.values()].filter(match);
    if (rooms.length) {
      el.append(h('section', { class: 'webim-group webim-rooms', dataset: { group: 'rooms' } },
        h('h3', { class: 'webim-group-head' }, h('span', {}, t('rooms')), h('span', { class: 'webim-muted' }, String(rooms.length))),
        h('ul', { class: 'webim-buddy-list' }, rooms.map((r) => this.roomItem(r)))));
    }
    if (!groups.size && !rooms.length) el.append(h('p', { class: 'webim-hint webim-no-match' }, q ? t('noMatch', { q: this.search.trim() }) : t('noBuddies')));
  }

  buddyItem(b) {
    const show = this.showOf(b);
    const typing = this.client.isTyping(b.id);
    const status = typing ? this.t('typing', { name: b.nick }) : b.status || (show === 'unavailable' ? '' : this.t('show_' + show));
    return h('li', {}, h('button', {
      class: 'webim-buddy' + (b.presence === 'online' ? ' webim-online' : ''), type: 'button', dataset: { id: b.id, show },
      onclick: () => this.openChat(convKey(UNICAST, b.id)),
    }, h('span', { class: 'webim-avatar-wrap' }, this.avatar(b, { size: 34 }), this.dot(show)),
    h('span', { class: 'webim-buddy-text' }, h('span', { class: 'webim-buddy-nick' }, b.nick),
      status ? h('span', { class: 'webim-buddy-status' + (typing ? ' webim-typing-text' : '') }, status) : null)));
  }

  roomItem(r) {
    const count = r.blocked ? this.t('blocked') : this.t('membersCount', { online: r.count || 0, all: r.all_count || '?' });
    return h('li', {}, h('button', {
      class: 'webim-buddy webim-room' + (r.blocked ? ' webim-blocked' : ''), type: 'button', dataset: { room: r.id },
      onclick: () => this.openChat(convKey(MULTICAST, r.id)),
    }, this.avatar(r, { size: 34, room: true }),
    h('span', { class: 'webim-buddy-text' }, h('span', { class: 'webim-buddy-nick' }, r.nick), h('span', { class: 'webim-buddy-status' }, count))));
  }

  renderNotificationPanel() {
    const t = this.t;
    const list = this.client.notifications;
    this.panelEl.append(this.panelHeader(t('notifications')));
    if (!list.length) {
      this.panelEl.append(h('p', { class: 'webim-hint' }, t('noNotifications')));
      return;
    }
    const fmt = (ms) => new Date(ms).toLocaleString(this.locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    this.panelEl.append(h('ul', { class: 'webim-notifications' }, list.map((n) => {
      const href = n.link ? safeUrl(n.link, this.win.location.href) : null;
      const body = [h('span', { class: 'webim-note-text' }, n.text), h('time', { class: 'webim-muted' }, fmt(n.time))];
      return h('li', { class: 'webim-note' + (n.read ? '' : ' webim-unread'), dataset: { id: n.id } },
        href ? h('a', { href, rel: 'noopener' }, body) : h('div', {}, body));
    })));
  }

  renderSettingsPanel() {
    const t = this.t;
    const s = this.client.settings;
    const keys = ['play_sound', 'buddy_sticky', 'minimize_layout', 'msg_auto_pop', 'read_receipts', 'notify'];
    this.panelEl.append(this.panelHeader(t('settings')), h('ul', { class: 'webim-settings' }, keys.map((k) => h('li', {},
      h('label', { class: 'webim-switch' },
        h('input', {
          type: 'checkbox', name: k, checked: !!s[k],
          onchange: (e) => this.changeSetting(k, e.target),
        }),
        h('span', { class: 'webim-switch-track', 'aria-hidden': 'true' }),
        h('span', {}, t('set_' + k)))))));
  }

  /** A settings switch; turning notifications on asks the browser first (this is the user's click). */
  async changeSetting(name, input) {
    if (name === 'notify' && input.checked && !(await this.notifier.ask())) {
      input.checked = false;
      this.toast(this.t('notifyDenied'));
      return;
    }
    await this.act(this.client.setSetting(name, input.checked));
  }

  renderPresencePanel() {
    const t = this.t;
    const c = this.client;
    const offline = c.shared.presence.offline || this.connState === State.DISCONNECTED;
    const current = offline ? 'offline' : (c.self && c.self.show) || c.shared.presence.show;
    const status = h('input', { class: 'webim-status-input', type: 'text', maxlength: '140', placeholder: t('statusPlaceholder'), value: c.shared.presence.status || '' });
    const setStatus = () => {
      const show = current === 'offline' ? 'available' : current;
      this.act(c.setPresence(show, status.value.trim()));
      this.setPanel(null);
    };
    status.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      // The focus goes back to the presence button: without this its keypress would click it open again.
      e.preventDefault();
      setStatus();
    });
    this.panelEl.append(
      this.panelHeader(t('presence')),
      h('ul', { class: 'webim-menu', role: 'menu', 'aria-label': t('presence') }, PRESENCE_CHOICES.map((show) => h('li', { role: 'none' }, h('button', {
        class: 'webim-menu-item' + (show === current ? ' webim-on' : ''), type: 'button', role: 'menuitemradio',
        'aria-checked': show === current ? 'true' : 'false', dataset: { show },
        onclick: () => {
          this.act(c.setPresence(show, status.value.trim()));
          this.setPanel(null);
        },
      }, this.dot(show === 'offline' ? 'unavailable' : show, { spoken: false }), t('show_' + show))))),
      h('div', { class: 'webim-status-row' }, status, h('button', { class: 'webim-small-btn', type: 'button', onclick: setStatus }, t('setStatus'))),
    );
  }

  renderMorePanel() {
    const s = this.client.shared;
    this.panelEl.append(h('ul', { class: 'webim-menu', role: 'menu', 'aria-label': this.t('moreTabs', { n: (this.hiddenTabs || []).length }) }, (this.hiddenTabs || []).map((key) => {
      const unread = s.unreadCount(key);
      return h('li', { role: 'none' }, h('button', {
        class: 'webim-menu-item', type: 'button', role: 'menuitem', dataset: { key },
        onclick: () => {
          this.panel = null;
          this.openChat(key);
        },
      }, this.tabLabel(key), unread ? h('span', { class: 'webim-badge' }, String(unread)) : null));
    })));
  }

  // ---- the chat window ----

  renderWindow() {
    const key = this.client.shared.active;
    // Re-rendering keeps what was being typed, and the focus.
    const hadFocus = !!this.inputEl && this.doc.activeElement === this.inputEl;
    if (this.renderedKey && this.inputEl) this.drafts.set(this.renderedKey, this.inputEl.value);
    // The same chat drawn again keeps the reader's place when they had scrolled up.
    const keepScroll = key === this.renderedKey && this.stick && !this.stick.pinned ? this.messagesEl.scrollTop : null;
    if (this.stick) this.stick.disconnect();
    this.stick = null;
    if (key !== this.renderedKey) {
      this.confirmClear = false;
      this.emojiOpen = false;
    }
    // The messages that were unread when the chat opened get a divider above them, until it closes.
    if (key !== this.renderedKey) {
      // Opening the chat has cleared them from the shared state already: openChat noted them.
      const noted = this.unreadAtOpen && this.unreadAtOpen.key === key ? this.unreadAtOpen.ids : null;
      const ids = noted || (key ? this.client.shared.doc.unread[key] : null);
      this.unreadFrom = ids && ids.length ? new Set(ids) : null;
      this.unreadAtOpen = null;
    }
    this.renderedKey = key;
    clear(this.windowEl);
    this.msgEls.clear();
    this.inputEl = null;
    if (!key) {
      this.windowEl.hidden = true;
      return;
    }
    const { type } = parseKey(key);
    this.windowEl.hidden = false;
    this.windowEl.className = 'webim-window webim-window-' + type + (type === MULTICAST && this.showMembers ? ' webim-with-members' : '');
    this.windowEl.dataset.key = key;
    this.windowEl.setAttribute('aria-labelledby', 'webim-window-title');
    this.headerEl = h('header', { class: 'webim-window-head' });
    this.confirmEl = h('div', { class: 'webim-confirm', hidden: true });
    this.messagesEl = h('div', { class: 'webim-messages', role: 'log', 'aria-live': 'polite', tabindex: '0', 'aria-label': this.t('messages') });
    this.newBelowEl = h('button', { class: 'webim-new-below', type: 'button', hidden: true, onclick: () => this.stick.toBottom() }, this.t('newMessagesBelow'));
    this.stick = new StickToBottom(this.messagesEl, { onChange: (pinned) => { if (pinned) this.newBelowEl.hidden = true; } });
    this.typingEl = h('div', { class: 'webim-typing', 'aria-live': 'polite' });
    this.noticeEl = h('div', { class: 'webim-notice', hidden: true });
    this.bannerEl = h('div', { class: 'webim-conn-banner', role: 'status', hidden: true });
    this.membersEl = h('aside', { class: 'webim-members', hidden: true });
    this.composerEl = h('div', { class: 'webim-composer' });
    this.windowEl.append(this.headerEl, this.bannerEl, this.confirmEl,
      h('div', { class: 'webim-window-body' }, h('div', { class: 'webim-window-main' }, this.messagesEl, this.newBelowEl, this.typingEl, this.noticeEl), this.membersEl),
      this.composerEl);
    this.renderHeader();
    this.renderMessages();
    this.renderTyping();
    this.renderNotice();
    this.renderBanner();
    this.renderMembers();
    this.renderComposer();
    this.positionWindow();
    if (keepScroll !== null) {
      this.stick.pinned = false;
      this.messagesEl.scrollTop = keepScroll;
    }
    if (hadFocus && this.inputEl && key === this.renderedKey) this.inputEl.focus();
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
    if (!this.renderedKey || this.windowEl.hidden) return;
    const tab = this.tabsEl.querySelector(`.webim-tab[data-key="${cssEscape(this.renderedKey)}"]`);
    const width = this.windowEl.offsetWidth || 340;
    const vw = this.win.innerWidth || 1024;
    let right = 12;
    if (tab) {
      const r = tab.getBoundingClientRect();
      right = Math.max(8, Math.min(vw - r.right, vw - width - 8));
    }
    // Side by side with an open panel rather than under it, when the page is wide enough.
    if (this.panel && !this.panelEl.hidden && vw >= width + 340) {
      const panelLeft = this.panelEl.getBoundingClientRect().left;
      if (vw - right > panelLeft - 8) right = Math.min(vw - panelLeft + 8, vw - width - 8);
    }
    this.windowEl.style.right = right + 'px';
  }

  renderHeader() {
    const t = this.t;
    const key = this.renderedKey;
    if (!key || !this.headerEl) return;
    const { type, id } = parseKey(key);
    const c = this.client;
    let avatar;
    let sub;
    const actions = [];
    if (type === UNICAST) {
      const b = c.buddies.get(id) || { id, nick: id, presence: 'offline' };
      // Without a live connection the buddy's presence is not known: say so rather than show a stale one.
      const show = this.live ? this.showOf(b) : 'unknown';
      avatar = h('span', { class: 'webim-avatar-wrap' }, this.avatar(b, { size: 30 }), this.dot(show, { spoken: false }));
      sub = [t('show_' + show), b.status && this.live ? ' · ' + b.status : '', b.group === 'stranger' ? ' · ' + t('stranger') : ''].join('');
    } else if (type === MULTICAST) {
      const r = c.rooms.get(id) || { id, nick: id };
      avatar = this.avatar(r, { size: 30, room: true });
      sub = r.blocked ? t('blocked') : t('membersCount', { online: r.count || 0, all: r.all_count || '?' });
      actions.push(h('button', {
        class: 'webim-icon-btn webim-members-btn' + (this.showMembers ? ' webim-on' : ''), type: 'button', 'aria-pressed': this.showMembers ? 'true' : 'false', dataset: { focus: 'members' }, title: t('members'), 'aria-label': t('members'),
        onclick: () => {
          this.showMembers = !this.showMembers;
          this.windowEl.classList.toggle('webim-with-members', this.showMembers);
          this.renderHeader();
          this.renderMembers();
          this.positionWindow();
        },
      }, icon('users', 17)));
      actions.push(h('button', {
        class: 'webim-icon-btn webim-block-btn' + (r.blocked ? ' webim-on' : ''), type: 'button', 'aria-pressed': r.blocked ? 'true' : 'false', dataset: { focus: 'block' }, title: r.blocked ? t('unblock') : t('block'), 'aria-label': r.blocked ? t('unblock') : t('block'),
        onclick: () => this.act(r.blocked ? c.unblockRoom(id) : c.blockRoom(id)),
      }, icon('block', 17)));
    } else {
      avatar = this.avatar({ id: 'broadcast', nick: '!' }, { size: 30, room: true });
      sub = '';
    }
    if (type !== BROADCAST) {
      actions.push(h('button', {
        class: 'webim-icon-btn webim-download-btn', type: 'button', dataset: { focus: 'download' }, title: t('downloadHistory'), 'aria-label': t('downloadHistory'),
        onclick: () => this.download(key),
      }, icon('download', 17)));
    }
    if (type === UNICAST) {
      actions.push(h('button', {
        class: 'webim-icon-btn webim-clear-btn', type: 'button', dataset: { focus: 'clear' }, title: t('clearHistory'), 'aria-label': t('clearHistory'),
        onclick: () => {
          this.confirmClear = true;
          this.renderConfirm();
        },
      }, icon('trash', 17)));
    }
    actions.push(h('button', { class: 'webim-icon-btn webim-minimize-btn', type: 'button', dataset: { focus: 'minimize' }, title: t('minimize'), 'aria-label': t('minimize'), onclick: () => c.shared.activate(null) }, icon('minus', 17)));
    actions.push(h('button', { class: 'webim-icon-btn webim-close-btn', type: 'button', dataset: { focus: 'close' }, title: t('close'), 'aria-label': t('close'), onclick: () => c.closeChat(key) }, icon('close', 17)));
    keepingFocus(this.headerEl, () => clear(this.headerEl).append(
      h('button', {
        class: 'webim-icon-btn webim-back-btn', type: 'button', title: t('backToContacts'), 'aria-label': t('backToContacts'), dataset: { focus: 'back' },
        onclick: () => {
          c.shared.activate(null);
          if (this.panel !== 'buddies') this.setPanel('buddies');
        },
      }, icon('back', 20)),
      avatar,
      h('div', { class: 'webim-window-title' }, h('h2', { id: 'webim-window-title' }, this.titleOf(key)), h('p', { class: 'webim-window-sub' }, sub)),
      h('div', { class: 'webim-window-actions' }, actions)));
    this.renderConfirm();
  }

  renderConfirm() {
    const t = this.t;
    const el = this.confirmEl;
    clear(el);
    el.hidden = !this.confirmClear;
    if (!this.confirmClear) return;
    const key = this.renderedKey;
    el.append(h('span', {}, t('clearConfirm', { name: this.titleOf(key) })),
      h('button', {
        class: 'webim-small-btn webim-danger webim-confirm-clear', type: 'button',
        onclick: async () => {
          this.confirmClear = false;
          this.renderConfirm();
          await this.act(this.client.clearHistory(key));
        },
      }, t('clear')),
      h('button', { class: 'webim-small-btn', type: 'button', onclick: () => { this.confirmClear = false; this.renderConfirm(); } }, t('cancel')));
  }

  async download(key) {
    const blob = await this.act(this.client.downloadHistory(key));
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `history-${parseKey(key).id}.html`, hidden: true });
    this.root.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }

  renderMessages() {
    const conv = this.client.conversation(this.renderedKey);
    const keep = this.stick && !this.stick.pinned ? this.messagesEl.scrollTop : null;
    const list = clear(this.messagesEl);
    this.msgEls.clear();
    if (!conv.messages.length) {
      list.append(h('p', { class: 'webim-empty' }, conv.historyLoaded ? this.t('noMessages') : '…'));
      return;
    }
    if (conv.type !== BROADCAST) list.appendChild(this.earlierEl(conv));
    let divided = false;
    conv.messages.forEach((m, i) => {
      const prev = conv.messages[i - 1];
      if (!prev || !sameDay(prev.timestamp, m.timestamp)) list.appendChild(this.dayEl(m.timestamp));
      if (!divided && this.unreadFrom && this.unreadFrom.has(m.id)) {
        divided = true;
        list.appendChild(h('div', { class: 'webim-unread-divider', role: 'separator' }, h('span', {}, this.t('unreadDivider'))));
      }
      list.appendChild(this.messageEl(conv, m, prev));
    });
    if (keep === null) this.stick.follow();
    else list.scrollTop = keep;
  }

  /** "Load earlier messages" at the top, or the start of the conversation once there is nothing before. */
  earlierEl(conv) {
    if (!conv.hasEarlier) return h('p', { class: 'webim-history-start' }, this.t('noEarlier'));
    return h('button', {
      class: 'webim-small-btn webim-load-earlier', type: 'button', dataset: { focus: 'earlier' },
      onclick: () => this.loadEarlier(conv.key),
    }, this.t('loadEarlier'));
  }

  /** Earlier messages go above what the reader sees, which stays where it was on the screen. */
  async loadEarlier(key) {
    const list = this.messagesEl;
    const fromBottom = list.scrollHeight - list.scrollTop;
    const hadFocus = list.contains(this.doc.activeElement);
    this.stick.pinned = false;
    await this.act(this.client.loadEarlier(key));
    if (key !== this.renderedKey || this.messagesEl !== list) return;
    list.scrollTop = list.scrollHeight - fromBottom;
    // The button was redrawn: the focus goes to the new one (or to the list once the start is reached).
    if (hadFocus) (list.querySelector('.webim-load-earlier') || list).focus({ preventScroll: true });
  }

  dayEl(ms) {
    return h('div', { class: 'webim-day', role: 'separator' }, h('span', {}, dayLabel(ms, { locale: this.locale, t: this.t })));
  }

  messageEl(conv, m, prev) {
    const t = this.t;
    const mine = m.from === this.client.me;
    const grouped = prev && prev.from === m.from && m.timestamp - prev.timestamp < 5 * 60 * 1000 && sameDay(prev.timestamp, m.timestamp);
    const time = new Date(m.timestamp);
    const hhmm = timeLabel(m.timestamp, this.locale);
    const body = h('div', { class: 'webim-msg-body' });
    body.appendChild(renderBody(this.doc, m.body));
    applyStyle(body, m.style);
    const meta = [];
    if (m.pending) meta.push(h('span', { class: 'webim-msg-state' }, t('sending')));
    const receipt = mine && conv.type === UNICAST ? receiptLabel(conv.messages, this.client.me, m) : null;
    if (receipt) meta.push(h('span', { class: 'webim-msg-state webim-receipt', dataset: { receipt } }, t(receipt)));
    else if (m.kept && !m.failed && !m.delivered) meta.push(h('span', { class: 'webim-msg-state webim-msg-later webim-msg-kept' }, '⏳ ' + t('keptLater')));
    else if (m.offline && !m.failed && !m.delivered && !m.seen) meta.push(h('span', { class: 'webim-msg-state webim-msg-later' }, '⏳ ' + t('deliveredLater')));
    if (m.offlineDelivered) meta.push(h('span', { class: 'webim-msg-state webim-msg-away' }, t('whileAway')));
    const el = h('div', {
      class: 'webim-msg' + (mine ? ' webim-mine' : ' webim-theirs') + (grouped ? ' webim-grouped' : '') + (m.failed ? ' webim-failed' : '') + (m.pending ? ' webim-pending' : ''),
      dataset: { id: m.serverId || m.id || '', from: m.from },
    },
    !mine && !grouped && conv.type !== UNICAST ? this.avatar({ id: m.from, nick: m.nick }, { size: 26 }) : null,
    h('div', { class: 'webim-msg-col' },
      !grouped ? h('div', { class: 'webim-msg-head' }, !mine && conv.type !== UNICAST ? h('span', { class: 'webim-msg-from' }, m.nick || m.from) : null,
        h('time', { class: 'webim-msg-time', datetime: time.toISOString(), title: time.toLocaleString(this.locale) }, hhmm)) : null,
      body,
      meta.length ? h('div', { class: 'webim-msg-meta' }, meta) : null,
      m.failed ? h('button', { class: 'webim-retry', type: 'button', onclick: () => this.retry(conv) }, t('notSent')) : null));
    this.msgEls.set(m, el);
    return el;
  }

  /** Every failed message of the chat goes again, in its place and in order (the outbox keeps it). */
  retry(conv) {
    this.client.retryFailed(conv.key);
  }

  renderTyping() {
    if (!this.typingEl) return;
    const { type, id } = parseKey(this.renderedKey || 'x:');
    const typing = type === UNICAST && this.client.isTyping(id);
    clear(this.typingEl);
    this.typingEl.classList.toggle('webim-on', typing);
    if (typing) this.typingEl.append(h('span', { class: 'webim-typing-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), this.t('typing', { name: this.titleOf(this.renderedKey) }));
  }

  /** While the connection is down: what is written waits in the outbox. */
  renderBanner() {
    if (!this.bannerEl) return;
    // Not during the first login of the page: that is "connecting", said by the bar.
    const down = !this.live && (this.client.connection.logins > 0 || this.connState === State.DISCONNECTED);
    this.bannerEl.hidden = !down;
    this.bannerEl.textContent = down ? this.t('connBanner') : '';
  }

  renderNotice() {
    if (!this.noticeEl) return;
    const kind = this.notices.get(this.renderedKey);
    const text = kind === 'offline' ? this.t('offlineNotice', { name: this.titleOf(this.renderedKey) })
      : kind === 'slow' ? this.t('slowDown') : '';
    this.noticeEl.hidden = !text;
    this.noticeEl.textContent = text || '';
  }

  renderMembers() {
    const key = this.renderedKey;
    if (!key || !this.membersEl) return;
    const { type, id } = parseKey(key);
    const el = clear(this.membersEl);
    el.hidden = !(type === MULTICAST && this.showMembers);
    if (el.hidden) return;
    const r = this.client.rooms.get(id);
    if (!r) return;
    const me = this.client.me;
    const known = new Map();
    for (const m of r.members || []) known.set(m.id, m);
    for (const m of r.online.values()) known.set(m.id, m);
    const list = [...known.values()].sort((a, b) => (r.online.has(b.id) - r.online.has(a.id)) || (a.nick || a.id).localeCompare(b.nick || b.id));
    el.append(h('h3', { class: 'webim-members-head' }, this.t('members'), h('span', { class: 'webim-muted' }, ` ${r.blocked ? 0 : r.online.size}/${r.all_count || list.length}`)),
      h('ul', { class: 'webim-member-list' }, list.map((m) => {
        const online = !r.blocked && r.online.has(m.id);
        return h('li', {}, h('button', {
          class: 'webim-member' + (online ? ' webim-online' : ''), type: 'button', dataset: { id: m.id }, disabled: m.id === me,
          onclick: () => this.openChat(convKey(UNICAST, m.id)),
        }, h('span', { class: 'webim-avatar-wrap' }, this.avatar(m, { size: 22 }), this.dot(online ? 'available' : 'unavailable')),
        h('span', { class: 'webim-member-nick' }, m.id === me ? `${m.nick || m.id} (${this.t('you')})` : m.nick || m.id)));
      })));
  }

  renderComposer() {
    const t = this.t;
    const key = this.renderedKey;
    if (!key || !this.composerEl) return;
    const { type, id } = parseKey(key);
    const el = clear(this.composerEl);
    const room = type === MULTICAST ? this.client.rooms.get(id) : null;
    this.composerBlocked = !!(room && room.blocked);
    if (type === BROADCAST) return;
    if (room && room.blocked) {
      el.append(h('p', { class: 'webim-hint webim-blocked-hint' }, t('blockedHint'), ' ',
        h('button', { class: 'webim-small-btn', type: 'button', onclick: () => this.act(this.client.unblockRoom(id)) }, t('unblock'))));
      return;
    }
    const input = h('textarea', {
      class: 'webim-input', rows: '1', placeholder: t('typeMessage'), 'aria-label': t('typeMessage'), maxlength: '5000',
      onkeydown: (e) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          send();
        }
      },
      oninput: () => {
        this.client.keyPressed(key);
        autosize();
      },
    });
    input.value = this.drafts.get(key) || '';
    const autosize = () => {
      input.style.height = 'auto';
      input.style.height = Math.min(input.scrollHeight, 110) + 'px';
    };
    const send = () => {
      const text = input.value;
      if (!text.trim()) return;
      input.value = '';
      this.drafts.delete(key);
      autosize();
      this.client.send(key, text);
    };
    const picker = h('div', { class: 'webim-emoji-picker', hidden: !this.emojiOpen, role: 'menu', 'aria-label': t('emoticons') },
      EMOJI.map((e) => h('button', {
        class: 'webim-emoji', type: 'button', title: e, role: 'menuitem',
        onclick: () => {
          const s = input.selectionStart ?? input.value.length;
          const end = input.selectionEnd ?? s;
          input.value = input.value.slice(0, s) + e + input.value.slice(end);
          input.focus();
          input.selectionStart = input.selectionEnd = s + e.length;
          this.emojiOpen = false;
          picker.hidden = true;
        },
      }, e)));
    el.append(picker,
      h('button', {
        class: 'webim-icon-btn webim-emoji-btn', type: 'button', title: t('emoticons'), 'aria-label': t('emoticons'),
        onclick: () => {
          this.emojiOpen = !this.emojiOpen;
          picker.hidden = !this.emojiOpen;
        },
      }, icon('smile', 20)),
      input,
      h('button', { class: 'webim-send', type: 'button', title: t('send'), 'aria-label': t('send'), onclick: send }, icon('send', 18)));
    this.inputEl = input;
  }
}

/** Arrow keys, Home and End move the focus among a menu's items. */
function moveInMenu(e) {
  const item = e.target.closest && e.target.closest('[role="menu"] .webim-menu-item');
  if (!item) return;
  const items = [...item.closest('[role="menu"]').querySelectorAll('.webim-menu-item')];
  const i = items.indexOf(item);
  const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  items[(to + items.length) % items.length].focus();
}
