/**
 * The head of a chat window: back (phones), the avatar and name with the buddy's presence or the
 * room's count, and the actions (members, block, download and clear history, minimize, close); under
 * it the "clear the history?" confirmation.
 */
import { h, clear, icon, keepingFocus } from './dom.js';
import { avatar, presenceDot, showOf, titleOf } from './look.js';
import { parseKey, UNICAST, MULTICAST, BROADCAST } from '../core/model.js';

export class ChatHeader {
  /**
   * @param {object} ctx the widget's context (client, t, win, act, live)
   * @param {object} o
   * @param {string} o.key the conversation
   * @param {() => boolean} o.membersShown whether a room's member list is open
   * @param {() => void} o.onToggleMembers
   * @param {() => void} o.onBack back to the contact list (phones)
   */
  constructor(ctx, { key, membersShown, onToggleMembers, onBack }) {
    this.ctx = ctx;
    this.key = key;
    this.membersShown = membersShown;
    this.onToggleMembers = onToggleMembers;
    this.onBack = onBack;
    this.confirmClear = false;
    this.el = h('header', { class: 'webim-window-head' });
    this.confirmEl = h('div', { class: 'webim-confirm', hidden: true });
  }

  button(cls, focus, label, iconName, onclick, extra = {}) {
    return h('button', { class: 'webim-icon-btn ' + cls, type: 'button', dataset: { focus }, title: label, 'aria-label': label, onclick, ...extra }, icon(iconName, 17));
  }

  render() {
    const t = this.ctx.t;
    const c = this.ctx.client;
    const key = this.key;
    const { type, id } = parseKey(key);
    let pic;
    let sub;
    const actions = [];
    if (type === UNICAST) {
      const b = c.buddies.get(id) || { id, nick: id, presence: 'offline' };
      // Without a live connection the buddy's presence is not known: say so rather than show a stale one.
      const live = this.ctx.live();
      const show = live ? showOf(b) : 'unknown';
      pic = h('span', { class: 'webim-avatar-wrap' }, avatar(this.ctx.win, b, { size: 30 }), presenceDot(t, show, { spoken: false }));
      sub = [t('show_' + show), b.status && live ? ' · ' + b.status : '', b.group === 'stranger' ? ' · ' + t('stranger') : ''].join('');
    } else if (type === MULTICAST) {
      const r = c.rooms.get(id) || { id, nick: id };
      const shown = this.membersShown();
      pic = avatar(this.ctx.win, r, { size: 30, room: true });
      sub = r.blocked ? t('blocked') : t('membersCount', { online: r.count || 0, all: r.all_count || '?' });
      actions.push(this.button('webim-members-btn' + (shown ? ' webim-on' : ''), 'members', t('members'), 'users', () => this.onToggleMembers(),
        { 'aria-pressed': shown ? 'true' : 'false' }));
      const block = r.blocked ? t('unblock') : t('block');
      actions.push(this.button('webim-block-btn' + (r.blocked ? ' webim-on' : ''), 'block', block, 'block',
        () => this.ctx.act(r.blocked ? c.unblockRoom(id) : c.blockRoom(id)), { 'aria-pressed': r.blocked ? 'true' : 'false' }));
    } else {
      pic = avatar(this.ctx.win, { id: 'broadcast', nick: '!' }, { size: 30, room: true });
      sub = '';
    }
    if (type !== BROADCAST) actions.push(this.button('webim-download-btn', 'download', t('downloadHistory'), 'download', () => this.download()));
    if (type === UNICAST) {
      actions.push(this.button('webim-clear-btn', 'clear', t('clearHistory'), 'trash', () => {
        this.confirmClear = true;
        this.renderConfirm();
      }));
    }
    actions.push(this.button('webim-minimize-btn', 'minimize', t('minimize'), 'minus', () => c.shared.activate(null)));
    actions.push(this.button('webim-close-btn', 'close', t('close'), 'close', () => c.closeChat(key)));
    keepingFocus(this.el, () => clear(this.el).append(
      h('button', { class: 'webim-icon-btn webim-back-btn', type: 'button', title: t('backToContacts'), 'aria-label': t('backToContacts'), dataset: { focus: 'back' }, onclick: () => this.onBack() }, icon('back', 20)),
      pic,
      h('div', { class: 'webim-window-title' }, h('h2', { id: 'webim-window-title' }, titleOf(c, t, key)), h('p', { class: 'webim-window-sub' }, sub)),
      h('div', { class: 'webim-window-actions' }, actions)));
    this.renderConfirm();
  }

  renderConfirm() {
    const t = this.ctx.t;
    const el = clear(this.confirmEl);
    el.hidden = !this.confirmClear;
    if (!this.confirmClear) return;
    const cancel = () => {
      this.confirmClear = false;
      this.renderConfirm();
    };
    el.append(h('span', {}, t('clearConfirm', { name: titleOf(this.ctx.client, t, this.key) })),
      h('button', {
        class: 'webim-small-btn webim-danger webim-confirm-clear', type: 'button',
        onclick: async () => {
          cancel();
          await this.ctx.act(this.ctx.client.clearHistory(this.key));
        },
      }, t('clear')),
      h('button', { class: 'webim-small-btn', type: 'button', onclick: cancel }, t('cancel')));
  }

  async download() {
    const blob = await this.ctx.act(this.ctx.client.downloadHistory(this.key));
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `history-${parseKey(this.key).id}.html`, hidden: true });
    this.el.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }
}
