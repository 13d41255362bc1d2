/**
 * The messages of the open chat: day separators, the unread divider, "load earlier messages" at the
 * top, one bubble per message, kept pinned to the newest (ui/scroll.js) unless the reader scrolled up.
 * A new message appends one bubble; a message's state (sending, failed, delivered, seen, the receipt
 * label moving to a newer bubble) changes those bubbles in place. Only a reloaded conversation (its
 * history, earlier pages, cleared) is drawn anew.
 */
import { h, clear } from './dom.js';
import { avatar } from './look.js';
import { renderBody, applyStyle } from './text.js';
import { receiptLabel, messageState } from './receipts.js';
import { StickToBottom } from './scroll.js';
import { sameDay, dayLabel, timeLabel } from './time.js';
import { UNICAST, BROADCAST } from '../core/model.js';

/** A bubble without its own head: same sender as the one before, within 5 minutes, the same day. */
export function groupedWith(prev, m) {
  return !!prev && prev.from === m.from && m.timestamp - prev.timestamp < 5 * 60 * 1000 && sameDay(prev.timestamp, m.timestamp);
}

export class MessageList {
  /**
   * @param {object} ctx the widget's context (client, t, locale, doc, win, act)
   * @param {object} o
   * @param {string} o.key the conversation
   * @param {Set<string>|null} o.unreadFrom ids of the messages unread when the chat opened (a divider above the first)
   */
  constructor(ctx, { key, unreadFrom = null }) {
    this.ctx = ctx;
    this.key = key;
    this.unreadFrom = unreadFrom;
    this.bubbles = new Map(); // message -> {el, col, tail: [elements after the body], sig}
    const t = ctx.t;
    this.el = h('div', { class: 'webim-messages', role: 'log', 'aria-live': 'polite', tabindex: '0', 'aria-label': t('messages') });
    this.newBelowEl = h('button', { class: 'webim-new-below', type: 'button', hidden: true, onclick: () => this.stick.toBottom() }, t('newMessagesBelow'));
    this.stick = new StickToBottom(this.el, { onChange: (pinned) => { if (pinned) this.newBelowEl.hidden = true; } });
  }

  get conv() {
    return this.ctx.client.conversation(this.key);
  }

  get me() {
    return this.ctx.client.me;
  }

  disconnect() {
    this.stick.disconnect();
  }

  /** Every message anew (the conversation was loaded, paged back or cleared); the reader's place kept. */
  render() {
    const conv = this.conv;
    const keep = !this.stick.pinned ? this.el.scrollTop : null;
    const list = clear(this.el);
    this.bubbles.clear();
    if (!conv.messages.length) {
      list.append(h('p', { class: 'webim-empty' }, conv.historyLoaded ? this.ctx.t('noMessages') : '…'));
      return;
    }
    if (conv.type !== BROADCAST) list.appendChild(this.earlierEl(conv));
    let divided = false;
    conv.messages.forEach((m, i) => {
      const prev = conv.messages[i - 1];
      if (!prev || !sameDay(prev.timestamp, m.timestamp)) list.appendChild(this.dayEl(m.timestamp));
      if (!divided && this.unreadFrom && this.unreadFrom.has(m.id)) {
        divided = true;
        list.appendChild(h('div', { class: 'webim-unread-divider', role: 'separator' }, h('span', {}, this.ctx.t('unreadDivider'))));
      }
      list.appendChild(this.bubble(conv, m, prev));
    });
    if (keep === null) this.stick.follow();
    else list.scrollTop = keep;
  }

  /** A new message: one bubble at the end (or, for an older one arriving late, the list anew). */
  append(msg) {
    const conv = this.conv;
    if (this.bubbles.has(msg)) return;
    const idx = conv.messages.indexOf(msg);
    if (idx < 0) return;
    const next = conv.messages[idx + 1];
    if (next && this.bubbles.has(next)) {
      this.render(); // in between: redrawn with its day separators
    } else {
      const empty = this.el.querySelector('.webim-empty');
      if (empty) empty.remove();
      const prev = conv.messages[idx - 1];
      if (!prev || !sameDay(prev.timestamp, msg.timestamp)) this.el.appendChild(this.dayEl(msg.timestamp));
      this.el.appendChild(this.bubble(conv, msg, prev));
    }
    // Its arrival can move the receipt label off another bubble of ours.
    this.refresh();
    if (msg.from === this.me) this.stick.toBottom();
    else if (!this.stick.pinned) this.newBelowEl.hidden = false;
  }

  /** Messages changed state (sent, failed, delivered, seen): the bubbles whose state or label changed, in place. */
  refresh() {
    const conv = this.conv;
    for (const m of conv.messages) {
      const b = this.bubbles.get(m);
      if (b && b.sig !== this.signature(conv, m)) this.paintState(b, conv, m);
    }
  }

  /** What a bubble's state part shows: its state, its receipt label, "while you were away". */
  signature(conv, m) {
    const receipt = m.from === this.me && conv.type === UNICAST ? receiptLabel(conv.messages, this.me, m) : null;
    return [messageState(m), receipt, !!m.offlineDelivered, m.serverId || m.id || ''].join('|');
  }

  /** "Load earlier messages" at the top, or the start of the conversation once there is nothing before. */
  earlierEl(conv) {
    if (!conv.hasEarlier) return h('p', { class: 'webim-history-start' }, this.ctx.t('noEarlier'));
    return h('button', {
      class: 'webim-small-btn webim-load-earlier', type: 'button', dataset: { focus: 'earlier' },
      onclick: () => this.loadEarlier(),
    }, this.ctx.t('loadEarlier'));
  }

  /** Earlier messages go above what the reader sees, which stays where it was on the screen. */
  async loadEarlier() {
    const list = this.el;
    const doc = this.ctx.doc;
    const fromBottom = list.scrollHeight - list.scrollTop;
    const hadFocus = list.contains(doc.activeElement);
    this.stick.pinned = false;
    await this.ctx.act(this.ctx.client.loadEarlier(this.key));
    if (!list.isConnected) return; // another chat opened meanwhile
    list.scrollTop = list.scrollHeight - fromBottom;
    // The button was redrawn: the focus goes to the new one (or to the list once the start is reached).
    if (hadFocus) (list.querySelector('.webim-load-earlier') || list).focus({ preventScroll: true });
  }

  dayEl(ms) {
    return h('div', { class: 'webim-day', role: 'separator' }, h('span', {}, dayLabel(ms, { locale: this.ctx.locale, t: this.ctx.t })));
  }

  bubble(conv, m, prev) {
    const mine = m.from === this.me;
    const grouped = groupedWith(prev, m);
    const time = new Date(m.timestamp);
    const body = h('div', { class: 'webim-msg-body' });
    body.appendChild(renderBody(this.ctx.doc, m.body));
    applyStyle(body, m.style);
    const col = h('div', { class: 'webim-msg-col' },
      !grouped ? h('div', { class: 'webim-msg-head' }, !mine && conv.type !== UNICAST ? h('span', { class: 'webim-msg-from' }, m.nick || m.from) : null,
        h('time', { class: 'webim-msg-time', datetime: time.toISOString(), title: time.toLocaleString(this.ctx.locale) }, timeLabel(m.timestamp, this.ctx.locale))) : null,
      body);
    const el = h('div', { dataset: { from: m.from } },
      !mine && !grouped && conv.type !== UNICAST ? avatar(this.ctx.win, { id: m.from, nick: m.nick }, { size: 26 }) : null,
      col);
    const b = { el, col, grouped, tail: [], sig: null };
    this.bubbles.set(m, b);
    this.paintState(b, conv, m);
    return el;
  }

  /** The parts of a bubble that follow the message's state: classes, ids, the state line, "retry". */
  paintState(b, conv, m) {
    const t = this.ctx.t;
    const mine = m.from === this.me;
    b.sig = this.signature(conv, m);
    b.el.className = 'webim-msg' + (mine ? ' webim-mine' : ' webim-theirs') + (b.grouped ? ' webim-grouped' : '') + (m.failed ? ' webim-failed' : '') + (m.pending ? ' webim-pending' : '');
    b.el.dataset.id = m.serverId || m.id || '';
    if (mine) b.el.dataset.state = messageState(m);
    b.tail.forEach((x) => x.remove());
    const meta = [];
    if (m.pending) meta.push(h('span', { class: 'webim-msg-state' }, t('sending')));
    const receipt = mine && conv.type === UNICAST ? receiptLabel(conv.messages, this.me, m) : null;
    if (receipt) meta.push(h('span', { class: 'webim-msg-state webim-receipt', dataset: { receipt } }, t(receipt)));
    else if (m.kept && !m.failed && !m.delivered) meta.push(h('span', { class: 'webim-msg-state webim-msg-later webim-msg-kept' }, '⏳ ' + t('keptLater')));
    else if (m.offline && !m.failed && !m.delivered && !m.seen) meta.push(h('span', { class: 'webim-msg-state webim-msg-later' }, '⏳ ' + t('deliveredLater')));
    if (m.offlineDelivered) meta.push(h('span', { class: 'webim-msg-state webim-msg-away' }, t('whileAway')));
    b.tail = [
      meta.length ? h('div', { class: 'webim-msg-meta' }, meta) : null,
      // Every failed message of the chat goes again, in its place and in order (the outbox keeps it).
      m.failed ? h('button', { class: 'webim-retry', type: 'button', onclick: () => this.ctx.client.retryFailed(conv.key) }, t('notSent')) : null,
    ].filter(Boolean);
    b.col.append(...b.tail);
  }
}
