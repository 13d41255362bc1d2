/**
 * The members of the open room, in a side column (a drawer on phones): online ones first, then by
 * name; the user's own entry marked "(you)" and not clickable, the others open a one-to-one chat.
 */
import { h, clear } from './dom.js';
import { avatar, presenceDot } from './look.js';
import { convKey, UNICAST } from '../core/model.js';

/** Everyone known to be in the room (the member list and who is online), online first, then by name. */
export function sortMembers(room) {
  const known = new Map();
  for (const m of room.members || []) known.set(m.id, m);
  for (const m of room.online.values()) known.set(m.id, m);
  return [...known.values()].sort((a, b) => (room.online.has(b.id) - room.online.has(a.id)) || (a.nick || a.id).localeCompare(b.nick || b.id));
}

export class RoomMembers {
  /**
   * @param {object} ctx the widget's context (client, t, win)
   * @param {object} o
   * @param {string} o.roomId
   * @param {(key: string) => void} o.onOpen a member was clicked: open a chat with them
   */
  constructor(ctx, { roomId, onOpen }) {
    this.ctx = ctx;
    this.roomId = roomId;
    this.onOpen = onOpen;
    this.el = h('aside', { class: 'webim-members', hidden: true });
  }

  /** Draws the list, or hides it (`visible` false: the user folded it away). */
  render(visible) {
    const el = clear(this.el);
    el.hidden = !visible;
    if (!visible) return;
    const t = this.ctx.t;
    const r = this.ctx.client.rooms.get(this.roomId);
    if (!r) return;
    const me = this.ctx.client.me;
    const list = sortMembers(r);
    el.append(h('h3', { class: 'webim-members-head' }, t('members'), h('span', { class: 'webim-muted' }, ` ${r.blocked ? 0 : r.online.size}/${r.all_count || list.length}`)),
      h('ul', { class: 'webim-member-list' }, list.map((m) => {
        const online = !r.blocked && r.online.has(m.id);
        return h('li', {}, h('button', {
          class: 'webim-member' + (online ? ' webim-online' : ''), type: 'button', dataset: { id: m.id }, disabled: m.id === me,
          onclick: () => this.onOpen(convKey(UNICAST, m.id)),
        }, h('span', { class: 'webim-avatar-wrap' }, avatar(this.ctx.win, m, { size: 22 }), presenceDot(t, online ? 'available' : 'unavailable')),
        h('span', { class: 'webim-member-nick' }, m.id === me ? `${m.nick || m.id} (${t('you')})` : m.nick || m.id)));
      })));
  }
}
