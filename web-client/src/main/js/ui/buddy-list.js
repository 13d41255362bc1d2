/**
 * The contact list panel: a search field, buddies in groups (friends, colleagues, …, strangers last)
 * sorted by presence then name, and the user's rooms. A buddy's presence or typing changes that row in
 * place (moving the same node when its place in the group changes) and the group's count; the list is
 * drawn anew only when the buddies, the search or the connection change.
 */
import { h, clear, icon, keepingFocus } from './dom.js';
import { avatar, presenceDot, showOf, SHOW_ORDER } from './look.js';
import { State } from '../core/connection.js';
import { convKey, UNICAST, MULTICAST } from '../core/model.js';

const GROUP_ORDER = ['friend', 'colleague'];

function groupRank(g) {
  const i = GROUP_ORDER.indexOf(g);
  return g === 'stranger' ? 99 : i < 0 ? 50 : i;
}

/** Whether a buddy or room matches the search text `q` (lower case; empty matches all). */
export function matches(x, q) {
  return !q || (x.nick || '').toLowerCase().includes(q) || x.id.toLowerCase().includes(q);
}

export function groupOf(b) {
  return b.group || 'friend';
}

/** Buddies in presence order, then by name. */
export function byPresence(a, b) {
  return (SHOW_ORDER[showOf(a)] - SHOW_ORDER[showOf(b)]) || a.nick.localeCompare(b.nick);
}

/** The buddies matching `query`, in groups: [{group, buddies}], friends and colleagues first, strangers last. */
export function groupBuddies(buddies, query = '') {
  const q = query.trim().toLowerCase();
  const groups = new Map();
  for (const b of buddies) {
    if (!matches(b, q)) continue;
    const g = groupOf(b);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(b);
  }
  return [...groups.keys()].sort((a, b) => groupRank(a) - groupRank(b) || a.localeCompare(b))
    .map((group) => ({ group, buddies: groups.get(group).sort(byPresence) }));
}

export class BuddyList {
  /**
   * @param {object} ctx the widget's context (client, t, win)
   * @param {object} o
   * @param {(key: string) => void} o.onOpen a row was clicked: open its chat
   * @param {(panel: null) => void} o.onClose the panel's close button
   */
  constructor(ctx, { onOpen, header }) {
    this.ctx = ctx;
    this.onOpen = onOpen;
    this.header = header;
    this.search = '';
    this.searchInput = null;
    this.listEl = null;
    this.rows = new Map(); // buddy id -> {li, button, group}
    this.roomRows = new Map(); // room id -> {li, button}
    this.groups = new Map(); // group -> {section, count, ul}
  }

  /** Draws the panel into `panelEl` (emptied by the caller). */
  render(panelEl) {
    const t = this.ctx.t;
    const input = h('input', {
      class: 'webim-search', type: 'search', placeholder: t('search'), 'aria-label': t('search'), value: this.search,
      oninput: (e) => {
        this.search = e.target.value;
        this.renderList();
      },
    });
    this.searchInput = input;
    this.summaryEl = h('span', { class: 'webim-muted webim-online-summary' });
    this.listEl = h('div', { class: 'webim-buddy-scroll' });
    panelEl.append(this.header(t('buddies'), this.summaryEl), h('div', { class: 'webim-search-wrap' }, icon('search', 15), input), this.listEl);
    this.renderSummary();
    this.renderList();
  }

  /** The panel closed: nothing to update until it is drawn again. */
  detach() {
    this.listEl = null;
    this.searchInput = null;
    this.rows.clear();
    this.roomRows.clear();
    this.groups.clear();
  }

  renderSummary() {
    const c = this.ctx.client;
    const online = [...c.buddies.values()].filter((b) => b.presence === 'online' && b.group !== 'stranger').length;
    this.summaryEl.textContent = this.ctx.t('onlineCount', { n: c.state !== State.CONNECTED ? 0 : online });
  }

  renderList() {
    if (!this.listEl) return;
    const t = this.ctx.t;
    const c = this.ctx.client;
    const q = this.search.trim().toLowerCase();
    const el = clear(this.listEl);
    this.rows.clear();
    this.roomRows.clear();
    this.groups.clear();
    if (c.state === State.DISCONNECTED && c.shared.presence.offline) el.append(h('p', { class: 'webim-hint' }, t('offlineHint')));
    const groups = groupBuddies(c.buddies.values(), this.search);
    for (const { group, buddies } of groups) {
      const name = t('group_' + group) === 'group_' + group ? group : t('group_' + group);
      const count = h('span', { class: 'webim-muted' });
      const ul = h('ul', { class: 'webim-buddy-list' }, buddies.map((b) => this.buddyRow(b, group)));
      const section = h('section', { class: 'webim-group', dataset: { group } }, h('h3', { class: 'webim-group-head' }, h('span', {}, name), count), ul);
      this.groups.set(group, { section, count, ul });
      this.renderGroupCount(group);
      el.append(section);
    }
    const rooms = [...c.rooms.values()].filter((r) => matches(r, q));
    if (rooms.length) {
      el.append(h('section', { class: 'webim-group webim-rooms', dataset: { group: 'rooms' } },
        h('h3', { class: 'webim-group-head' }, h('span', {}, t('rooms')), h('span', { class: 'webim-muted' }, String(rooms.length))),
        h('ul', { class: 'webim-buddy-list' }, rooms.map((r) => this.roomRow(r)))));
    }
    if (!groups.length && !rooms.length) el.append(h('p', { class: 'webim-hint webim-no-match' }, q ? t('noMatch', { q: this.search.trim() }) : t('noBuddies')));
  }

  renderGroupCount(group) {
    const g = this.groups.get(group);
    const rows = [...this.rows.values()].filter((r) => r.group === group);
    const on = rows.filter((r) => this.ctx.client.buddies.get(r.id)?.presence === 'online').length;
    g.count.textContent = `${on}/${rows.length}`;
  }

  buddyRow(b, group) {
    const button = h('button', { type: 'button', onclick: () => this.onOpen(convKey(UNICAST, b.id)) });
    const li = h('li', {}, button);
    this.rows.set(b.id, { id: b.id, li, button, group });
    this.fillBuddy(button, b);
    return li;
  }

  /** A row's look: online or not, the dot, the nick, the status or "typing". */
  fillBuddy(button, b) {
    const t = this.ctx.t;
    const show = showOf(b);
    const typing = this.ctx.client.isTyping(b.id);
    const status = typing ? t('typing', { name: b.nick }) : b.status || (show === 'unavailable' ? '' : t('show_' + show));
    button.className = 'webim-buddy' + (b.presence === 'online' ? ' webim-online' : '');
    button.dataset.id = b.id;
    button.dataset.show = show;
    button.replaceChildren(h('span', { class: 'webim-avatar-wrap' }, avatar(this.ctx.win, b, { size: 34 }), presenceDot(t, show)),
      h('span', { class: 'webim-buddy-text' }, h('span', { class: 'webim-buddy-nick' }, b.nick),
        ...(status ? [h('span', { class: 'webim-buddy-status' + (typing ? ' webim-typing-text' : '') }, status)] : [])));
  }

  roomRow(r) {
    const button = h('button', { type: 'button', dataset: { room: r.id }, onclick: () => this.onOpen(convKey(MULTICAST, r.id)) });
    this.roomRows.set(r.id, { li: null, button });
    this.fillRoom(button, r);
    return h('li', {}, button);
  }

  fillRoom(button, r) {
    const t = this.ctx.t;
    const count = r.blocked ? t('blocked') : t('membersCount', { online: r.count || 0, all: r.all_count || '?' });
    button.className = 'webim-buddy webim-room' + (r.blocked ? ' webim-blocked' : '');
    button.replaceChildren(avatar(this.ctx.win, r, { size: 34, room: true }),
      h('span', { class: 'webim-buddy-text' }, h('span', { class: 'webim-buddy-nick' }, r.nick), h('span', { class: 'webim-buddy-status' }, count)));
  }

  /** A buddy's presence, status or nick changed: that row (and its group's count and order) only. */
  updateBuddy(b) {
    if (!this.listEl) return;
    this.renderSummary();
    const row = this.rows.get(b.id);
    const listed = matches(b, this.search.trim().toLowerCase());
    if (!row || !listed || row.group !== groupOf(b)) {
      if (row || listed) this.renderList(); // it joins, leaves or changes its group
      return;
    }
    this.fillBuddy(row.button, b);
    this.placeInGroup(row.group);
    this.renderGroupCount(row.group);
  }

  /** Keeps a group's rows in presence order by moving the nodes that are out of place. */
  placeInGroup(group) {
    const { ul } = this.groups.get(group);
    const c = this.ctx.client;
    const order = [...this.rows.values()].filter((r) => r.group === group).map((r) => c.buddies.get(r.id)).filter(Boolean).sort(byPresence);
    keepingFocus(ul, () => order.forEach((b, i) => {
      const li = this.rows.get(b.id).li;
      if (ul.children[i] !== li) ul.insertBefore(li, ul.children[i] || null);
    }));
  }

  /** A buddy started or stopped typing: the status line of that row. */
  updateTyping(id) {
    const row = this.rows.get(id);
    const b = this.ctx.client.buddies.get(id);
    if (row && b) this.fillBuddy(row.button, b);
  }

  /** A room's online count or blocked state changed. */
  updateRoom(r) {
    if (!this.listEl) return;
    const row = this.roomRows.get(r.id);
    if (row) this.fillRoom(row.button, r);
    else if (matches(r, this.search.trim().toLowerCase())) this.renderList();
  }
}
