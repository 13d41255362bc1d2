/**
 * The bar fixed to the bottom of the page: one tab per open chat (with "+n" for those that do not fit)
 * and the buttons for notifications, settings, presence and the contact list. The buttons are made
 * once and updated in place; a tab's label (its buddy's presence, typing) changes without redrawing the
 * other tabs.
 */
import { h, clear, icon, keepingFocus } from './dom.js';
import { avatar, presenceDot, showOf, titleOf, typingDots } from './look.js';
import { State } from '../core/connection.js';
import { parseKey, UNICAST, MULTICAST } from '../core/model.js';

export const TAB_WIDTH = 156;

/**
 * The tabs that fit in `width` px next to the buttons: the active one, then those with unread
 * messages, then the newest; in their own order. One place goes to the "+n" button when some do not fit.
 */
export function fitTabs(tabs, { active = null, unreadCount = () => 0, width = 1024, buttonsWidth = 360 } = {}) {
  const avail = Math.max(TAB_WIDTH, width - buttonsWidth - 60);
  const max = Math.max(1, Math.floor(avail / TAB_WIDTH));
  if (tabs.length <= max) return { shown: [...tabs], hidden: [] };
  const room = Math.max(1, max - 1);
  const ranked = [...tabs].reverse().sort((a, b) => (b === active) - (a === active) || (unreadCount(b) > 0) - (unreadCount(a) > 0));
  const keep = new Set(ranked.slice(0, room));
  return { shown: tabs.filter((k) => keep.has(k)), hidden: tabs.filter((k) => !keep.has(k)) };
}

export class Bar {
  /**
   * @param {object} ctx the widget's context (client, t, win)
   * @param {object} o
   * @param {() => string|null} o.panel the open panel
   * @param {(name: string) => void} o.onPanel a button toggles its panel
   * @param {(key: string) => void} o.onToggleChat a tab opens or hides its chat
   * @param {() => boolean} o.signedOut the gateway refused the token
   */
  constructor(ctx, { panel, onPanel, onToggleChat, signedOut = () => false }) {
    this.ctx = ctx;
    this.panel = panel;
    this.onToggleChat = onToggleChat;
    this.onPanel = onPanel;
    this.signedOut = signedOut;
    this.hiddenTabs = [];
    this.tabEls = new Map(); // key -> {li, open}
    const t = ctx.t;
    const toggle = (name) => (e) => {
      e.stopPropagation();
      onPanel(name);
    };
    this.el = h('div', { class: 'webim-bar' });
    this.tabsEl = h('ul', { class: 'webim-tabs', 'aria-label': t('chats') });
    this.buttonsEl = h('div', { class: 'webim-buttons' });
    this.bell = h('button', { class: 'webim-btn webim-notify-btn', type: 'button', dataset: { focus: 'notifications' }, title: t('notifications'), onclick: toggle('notifications') });
    this.gear = h('button', { class: 'webim-btn webim-settings-btn', type: 'button', dataset: { focus: 'settings' }, title: t('settings'), 'aria-label': t('settings'), onclick: toggle('settings') }, icon('gear'));
    this.presenceBtn = h('button', { class: 'webim-btn webim-presence-btn', type: 'button', dataset: { focus: 'presence' }, title: t('presence'), 'aria-haspopup': 'menu', onclick: toggle('presence') });
    this.onlineCount = h('span', { class: 'webim-online-count' });
    this.buddiesBtn = h('button', { class: 'webim-btn webim-buddies-btn', type: 'button', dataset: { focus: 'buddies' }, onclick: toggle('buddies') },
      icon('chat'), h('span', { class: 'webim-buddies-label' }, t('chat')), this.onlineCount);
    this.buttonsEl.append(this.bell, this.gear, this.presenceBtn, this.buddiesBtn);
    this.el.append(this.tabsEl, this.buttonsEl);
  }

  get offline() {
    const c = this.ctx.client;
    return c.shared.presence.offline || c.state === State.DISCONNECTED;
  }

  /** Which button's panel is open, the user's presence, the notification count: all buttons, in place. */
  renderButtons() {
    const t = this.ctx.t;
    const c = this.ctx.client;
    const open = this.panel();
    for (const [btn, name] of [[this.bell, 'notifications'], [this.gear, 'settings'], [this.presenceBtn, 'presence'], [this.buddiesBtn, 'buddies']]) {
      btn.classList.toggle('webim-on', open === name);
    }
    this.presenceBtn.setAttribute('aria-expanded', open === 'presence' ? 'true' : 'false');
    const show = this.offline ? 'offline' : (c.self && c.self.show) || c.shared.presence.show || 'available';
    const reconnecting = c.state === State.CONNECTING || (c.state === State.CONNECTED && c.connection.retrying);
    let label;
    if (reconnecting) label = c.connection.logins ? t('reconnecting') : t('connecting');
    else if (this.signedOut()) label = t('signedOut');
    else label = t('show_' + show);
    const me = c.self || { id: c.me, nick: c.me };
    this.presenceBtn.replaceChildren(
      h('span', { class: 'webim-avatar-wrap' }, avatar(this.ctx.win, me, { size: 22 }), presenceDot(t, reconnecting ? 'connecting' : show, { spoken: false })),
      h('span', { class: 'webim-presence-label' }, label), h('span', { class: 'webim-sr' }, ' (' + t('presence') + ')'));
    const unread = c.unreadNotifications();
    // The visible count is part of the name (axe: label-content-name-mismatch).
    this.bell.setAttribute('aria-label', unread ? `${t('notifications')} ${unread}` : t('notifications'));
    this.bell.replaceChildren(...[icon('bell'), unread ? h('span', { class: 'webim-badge webim-notify-count' }, String(unread)) : null].filter(Boolean));
    this.renderOnlineCount();
  }

  /** How many buddies are online (a buddy's presence changes only this). */
  renderOnlineCount() {
    const c = this.ctx.client;
    const online = [...c.buddies.values()].filter((b) => b.presence === 'online' && b.group !== 'stranger').length;
    this.onlineCount.title = this.ctx.t('onlineCount', { n: online });
    this.onlineCount.textContent = this.offline ? '–' : String(online);
  }

  /** A tab's dot, name and typing dots. */
  tabLabel(key) {
    const { type, id } = parseKey(key);
    const c = this.ctx.client;
    const t = this.ctx.t;
    if (type === UNICAST) {
      const b = c.buddies.get(id) || { id, nick: id };
      return [presenceDot(t, showOf(b)), h('span', { class: 'webim-tab-name' }, b.nick), c.isTyping(id) ? typingDots() : null];
    }
    return [h('span', { class: 'webim-tab-hash' }, type === MULTICAST ? '#' : '!'), h('span', { class: 'webim-tab-name' }, titleOf(c, t, key))];
  }

  renderTabs() {
    const s = this.ctx.client.shared;
    const t = this.ctx.t;
    const { shown, hidden } = fitTabs(s.tabs, {
      active: s.active, unreadCount: (k) => s.unreadCount(k), width: this.ctx.win.innerWidth || 1024, buttonsWidth: this.buttonsEl.offsetWidth || 360,
    });
    this.tabEls.clear();
    const els = shown.map((key) => {
      // A tab is two buttons side by side (open/close the chat, and close the tab): not one inside the other.
      const open = h('button', { class: 'webim-tab-open', type: 'button', dataset: { key }, onclick: () => this.onToggleChat(key) });
      const li = h('li', { class: 'webim-tab', dataset: { key } }, open,
        h('button', { class: 'webim-tab-close', type: 'button', title: t('close'), 'aria-label': t('close'), onclick: (e) => { e.stopPropagation(); this.ctx.client.closeChat(key); } }, icon('close', 14)));
      this.tabEls.set(key, { li, open });
      this.updateTab(key);
      return li;
    });
    const unread = hidden.reduce((n, k) => n + s.unreadCount(k), 0);
    const more = hidden.length ? h('button', {
      class: 'webim-tab-more' + (unread ? ' webim-unread' : ''), type: 'button', 'aria-haspopup': 'menu', dataset: { focus: 'more' },
      'aria-expanded': this.panel() === 'more' ? 'true' : 'false',
      onclick: (e) => { e.stopPropagation(); this.onPanel('more'); },
    }, t('moreTabs', { n: hidden.length }), unread ? h('span', { class: 'webim-badge' }, String(unread)) : null) : null;
    keepingFocus(this.tabsEl, () => clear(this.tabsEl).append(...(more ? [h('li', { class: 'webim-tab-more-item' }, more)] : []), ...els));
    this.hiddenTabs = hidden;
  }

  /** One tab, in place: active, unread, its label. False when the tab is not shown in the bar. */
  updateTab(key) {
    const tab = this.tabEls.get(key);
    if (!tab) return false;
    const s = this.ctx.client.shared;
    const unread = s.unreadCount(key);
    const active = s.active === key;
    tab.li.className = 'webim-tab' + (active ? ' webim-active' : '') + (unread ? ' webim-unread' : '');
    tab.open.setAttribute('aria-pressed', active ? 'true' : 'false');
    const badge = unread ? h('span', { class: 'webim-badge webim-tab-unread' }, unread > 99 ? '99+' : String(unread)) : null;
    tab.open.replaceChildren(...[...this.tabLabel(key), badge].filter(Boolean));
    return true;
  }

  tabOf(key) {
    const tab = this.tabEls.get(key);
    return tab ? tab.li : null;
  }
}
