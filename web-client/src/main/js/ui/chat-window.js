/**
 * One chat window above its tab: the head (ui/chat-header.js), the connection banner, the messages
 * (ui/message-list.js), who is typing, a notice (buddy offline, slow down), a room's members
 * (ui/room-members.js) and the composer (ui/composer.js). Opening another chat builds these parts
 * anew; while the same chat stays open each part is updated on its own.
 */
import { h, clear } from './dom.js';
import { titleOf, typingDots } from './look.js';
import { ChatHeader } from './chat-header.js';
import { MessageList } from './message-list.js';
import { RoomMembers } from './room-members.js';
import { Composer } from './composer.js';
import { State } from '../core/connection.js';
import { parseKey, UNICAST, MULTICAST } from '../core/model.js';

export class ChatWindow {
  /**
   * @param {object} ctx the widget's context (client, t, locale, doc, win, act, live)
   * @param {object} o
   * @param {boolean} o.showMembers whether rooms open with their member list (not on phones)
   * @param {() => void} o.onBack the back button (phones): to the contact list
   * @param {(key: string) => void} o.onOpen open another chat (a room member)
   * @param {() => void} o.onLayout the window changed size (members shown or hidden)
   */
  constructor(ctx, { showMembers = true, onBack, onOpen, onLayout = () => {} }) {
    this.ctx = ctx;
    this.onBack = onBack;
    this.onOpen = onOpen;
    this.onLayout = onLayout;
    this.showMembers = showMembers;
    this.key = null;
    this.drafts = new Map(); // conversation key -> unsent text
    this.notices = new Map(); // conversation key -> notice kind ('offline', 'slow')
    this.el = h('section', { class: 'webim-window', hidden: true, role: 'dialog' });
    this.header = this.list = this.members = this.composer = null;
  }

  get inputEl() {
    return this.composer ? this.composer.inputEl : null;
  }

  /** Shows the chat `key` (null: none). The messages unread when it opened (`unreadFrom`) get a divider above them. */
  show(key, { unreadFrom = null } = {}) {
    const doc = this.ctx.doc;
    const hadFocus = !!this.inputEl && doc.activeElement === this.inputEl;
    if (this.composer) this.composer.saveDraft();
    if (this.list) this.list.disconnect();
    this.header = this.list = this.members = this.composer = null;
    this.key = key;
    clear(this.el);
    if (!key) {
      this.el.hidden = true;
      return;
    }
    const { type, id } = parseKey(key);
    this.el.hidden = false;
    this.el.className = 'webim-window webim-window-' + type + (type === MULTICAST && this.showMembers ? ' webim-with-members' : '');
    this.el.dataset.key = key;
    this.el.setAttribute('aria-labelledby', 'webim-window-title');
    this.header = new ChatHeader(this.ctx, {
      key, membersShown: () => this.showMembers, onBack: this.onBack, onToggleMembers: () => this.toggleMembers(),
    });
    this.list = new MessageList(this.ctx, { key, unreadFrom });
    this.typingEl = h('div', { class: 'webim-typing', 'aria-live': 'polite' });
    this.noticeEl = h('div', { class: 'webim-notice', hidden: true });
    this.bannerEl = h('div', { class: 'webim-conn-banner', role: 'status', hidden: true });
    this.members = new RoomMembers(this.ctx, { roomId: id, onOpen: this.onOpen });
    this.composer = new Composer(this.ctx, { key, drafts: this.drafts });
    this.el.append(this.header.el, this.bannerEl, this.header.confirmEl,
      h('div', { class: 'webim-window-body' }, h('div', { class: 'webim-window-main' }, this.list.el, this.list.newBelowEl, this.typingEl, this.noticeEl), this.members.el),
      this.composer.el);
    this.header.render();
    this.list.render();
    this.renderTyping();
    this.renderNotice();
    this.renderBanner();
    this.renderMembers();
    this.composer.render();
    if (hadFocus && this.inputEl) this.inputEl.focus();
  }

  /** The same chat after a change of connection, buddies, rooms or settings: all but the messages. */
  update() {
    if (!this.key) return;
    this.header.render();
    this.renderTyping();
    this.renderNotice();
    this.renderBanner();
    this.renderMembers();
    this.renderComposerIfBlockChanged();
  }

  toggleMembers() {
    this.showMembers = !this.showMembers;
    this.el.classList.toggle('webim-with-members', this.showMembers);
    this.header.render();
    this.renderMembers();
    this.onLayout();
  }

  renderMembers() {
    if (!this.members) return;
    this.members.render(parseKey(this.key).type === MULTICAST && this.showMembers);
  }

  renderComposerIfBlockChanged() {
    const { type, id } = parseKey(this.key);
    const room = type === MULTICAST ? this.ctx.client.rooms.get(id) : null;
    if (!!(room && room.blocked) !== this.composer.blocked) this.composer.render();
  }

  /** "Bob is typing" under the messages of a one-to-one chat. */
  renderTyping() {
    if (!this.key) return;
    const { type, id } = parseKey(this.key);
    const typing = type === UNICAST && this.ctx.client.isTyping(id);
    clear(this.typingEl);
    this.typingEl.classList.toggle('webim-on', typing);
    if (typing) this.typingEl.append(typingDots(), this.ctx.t('typing', { name: titleOf(this.ctx.client, this.ctx.t, this.key) }));
  }

  /** While the connection is down: what is written waits in the outbox. */
  renderBanner() {
    if (!this.key) return;
    const c = this.ctx.client;
    // Not during the first login of the page: that is "connecting", said by the bar.
    const down = !this.ctx.live() && (c.connection.logins > 0 || c.state === State.DISCONNECTED);
    this.bannerEl.hidden = !down;
    this.bannerEl.textContent = down ? this.ctx.t('connBanner') : '';
  }

  setNotice(key, kind) {
    this.notices.set(key, kind);
    if (key === this.key) this.renderNotice();
  }

  clearNotice(key) {
    this.notices.delete(key);
    if (key === this.key) this.renderNotice();
  }

  renderNotice() {
    if (!this.key) return;
    const t = this.ctx.t;
    const kind = this.notices.get(this.key);
    const text = kind === 'offline' ? t('offlineNotice', { name: titleOf(this.ctx.client, t, this.key) })
      : kind === 'slow' ? t('slowDown') : '';
    this.noticeEl.hidden = !text;
    this.noticeEl.textContent = text || '';
  }

  // ---- what the client reports about this chat ----

  onMessage(msg) {
    if (!this.list) return;
    this.list.append(msg);
    this.renderTyping();
  }

  onMessageUpdate() {
    if (this.list) this.list.refresh();
  }

  onConversation() {
    if (this.list) this.list.render();
  }
}
