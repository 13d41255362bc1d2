/**
 * The panel above the bar: the contact list (ui/buddy-list.js), notifications, settings, the presence
 * menu, or the menu of chat tabs that do not fit in the bar. One panel is open at a time; the
 * coordinator (ui/widget.js) says which.
 */
import { h, clear, icon, keepingFocus } from './dom.js';
import { presenceDot } from './look.js';
import { safeUrl } from './text.js';
import { State } from '../core/connection.js';

const PRESENCE_CHOICES = ['available', 'dnd', 'away', 'invisible', 'offline'];
export const SETTINGS = ['play_sound', 'buddy_sticky', 'minimize_layout', 'msg_auto_pop', 'read_receipts', 'notify'];

/** Arrow keys, Home and End move the focus among a menu's items. */
export function moveInMenu(e) {
  const item = e.target.closest && e.target.closest('[role="menu"] .webim-menu-item');
  if (!item) return;
  const items = [...item.closest('[role="menu"]').querySelectorAll('.webim-menu-item')];
  const i = items.indexOf(item);
  const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  items[(to + items.length) % items.length].focus();
}

export class Panels {
  /**
   * @param {object} ctx the widget's context (client, t, locale, win, act, toast)
   * @param {object} o
   * @param {import('./bar.js').Bar} o.bar the tabs that do not fit, and where the "more" button is
   * @param {(buddies: Panels) => import('./buddy-list.js').BuddyList} o.buddyList
   * @param {(panel: string|null) => void} o.onPanel close this panel (null) or open another
   * @param {(key: string) => void} o.onOpen open a chat (a hidden tab)
   * @param {{ask: () => Promise<boolean>}} o.notifier browser notifications: asks the permission
   */
  constructor(ctx, { bar, buddyList, onPanel, onOpen, notifier }) {
    this.ctx = ctx;
    this.bar = bar;
    this.buddyList = buddyList;
    this.onPanel = onPanel;
    this.onOpen = onOpen;
    this.notifier = notifier;
    this.name = null; // 'buddies' | 'notifications' | 'settings' | 'presence' | 'more'
    this.el = h('div', { class: 'webim-panel', hidden: true, onclick: (e) => e.stopPropagation(), onkeydown: moveInMenu });
  }

  header(title, extra) {
    return h('header', { class: 'webim-panel-head' }, h('h2', {}, title), extra || null,
      h('button', { class: 'webim-icon-btn', type: 'button', title: this.ctx.t('close'), 'aria-label': this.ctx.t('close'), onclick: () => this.onPanel(null) }, icon('close', 16)));
  }

  render() {
    keepingFocus(this.el, () => this.draw());
  }

  draw() {
    const p = this.name;
    clear(this.el);
    this.buddyList.detach();
    this.el.hidden = !p;
    this.el.className = 'webim-panel' + (p ? ' webim-panel-' + p : '');
    if (p === 'buddies') this.buddyList.render(this.el);
    else if (p === 'notifications') this.drawNotifications();
    else if (p === 'settings') this.drawSettings();
    else if (p === 'presence') this.drawPresence();
    else if (p === 'more') this.drawMore();
    this.placeMoreMenu();
  }

  /** The menu of hidden tabs opens above its button, not at a corner of the page. */
  placeMoreMenu() {
    const btn = this.name === 'more' && this.bar.tabsEl.querySelector('.webim-tab-more');
    if (!btn) {
      this.el.style.left = this.el.style.right = '';
      return;
    }
    const r = btn.getBoundingClientRect();
    const vw = this.ctx.win.innerWidth || 1024;
    const width = this.el.offsetWidth || 240;
    this.el.style.right = 'auto';
    this.el.style.left = Math.round(Math.max(8, Math.min(r.left, vw - width - 8))) + 'px';
  }

  drawNotifications() {
    const t = this.ctx.t;
    const list = this.ctx.client.notifications;
    this.el.append(this.header(t('notifications')));
    if (!list.length) {
      this.el.append(h('p', { class: 'webim-hint' }, t('noNotifications')));
      return;
    }
    const fmt = (ms) => new Date(ms).toLocaleString(this.ctx.locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    this.el.append(h('ul', { class: 'webim-notifications' }, list.map((n) => {
      const href = n.link ? safeUrl(n.link, this.ctx.win.location.href) : null;
      const body = [h('span', { class: 'webim-note-text' }, n.text), h('time', { class: 'webim-muted' }, fmt(n.time))];
      return h('li', { class: 'webim-note' + (n.read ? '' : ' webim-unread'), dataset: { id: n.id } },
        href ? h('a', { href, rel: 'noopener' }, body) : h('div', {}, body));
    })));
  }

  drawSettings() {
    const t = this.ctx.t;
    const s = this.ctx.client.settings;
    this.el.append(this.header(t('settings')), h('ul', { class: 'webim-settings' }, SETTINGS.map((k) => h('li', {},
      h('label', { class: 'webim-switch' },
        h('input', { type: 'checkbox', name: k, checked: !!s[k], onchange: (e) => this.changeSetting(k, e.target) }),
        h('span', { class: 'webim-switch-track', 'aria-hidden': 'true' }),
        h('span', {}, t('set_' + k)))))));
  }

  /** A settings switch; turning notifications on asks the browser first (this is the user's click). */
  async changeSetting(name, input) {
    if (name === 'notify' && input.checked && !(await this.notifier.ask())) {
      input.checked = false;
      this.ctx.toast(this.ctx.t('notifyDenied'));
      return;
    }
    await this.ctx.act(this.ctx.client.setSetting(name, input.checked));
  }

  drawPresence() {
    const t = this.ctx.t;
    const c = this.ctx.client;
    const offline = c.shared.presence.offline || c.state === State.DISCONNECTED;
    const current = offline ? 'offline' : (c.self && c.self.show) || c.shared.presence.show;
    const status = h('input', { class: 'webim-status-input', type: 'text', maxlength: '140', placeholder: t('statusPlaceholder'), value: c.shared.presence.status || '' });
    const choose = (show) => {
      this.ctx.act(c.setPresence(show, status.value.trim()));
      this.onPanel(null);
    };
    status.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      // The focus goes back to the presence button: without this its keypress would click it open again.
      e.preventDefault();
      choose(current === 'offline' ? 'available' : current);
    });
    this.el.append(
      this.header(t('presence')),
      h('ul', { class: 'webim-menu', role: 'menu', 'aria-label': t('presence') }, PRESENCE_CHOICES.map((show) => h('li', { role: 'none' }, h('button', {
        class: 'webim-menu-item' + (show === current ? ' webim-on' : ''), type: 'button', role: 'menuitemradio',
        'aria-checked': show === current ? 'true' : 'false', dataset: { show },
        onclick: () => choose(show),
      }, presenceDot(t, show === 'offline' ? 'unavailable' : show, { spoken: false }), t('show_' + show))))),
      h('div', { class: 'webim-status-row' }, status,
        h('button', { class: 'webim-small-btn', type: 'button', onclick: () => choose(current === 'offline' ? 'available' : current) }, t('setStatus'))),
    );
  }

  drawMore() {
    const s = this.ctx.client.shared;
    const hidden = this.bar.hiddenTabs;
    this.el.append(h('ul', { class: 'webim-menu', role: 'menu', 'aria-label': this.ctx.t('moreTabs', { n: hidden.length }) }, hidden.map((key) => {
      const unread = s.unreadCount(key);
      return h('li', { role: 'none' }, h('button', {
        class: 'webim-menu-item', type: 'button', role: 'menuitem', dataset: { key },
        onclick: () => this.onOpen(key),
      }, this.bar.tabLabel(key), unread ? h('span', { class: 'webim-badge' }, String(unread)) : null));
    })));
  }
}
