/**
 * Where a message is written: the text area (Enter sends, Shift+Enter a new line), the emoji picker and
 * the send button; in a blocked room, a hint with "unblock" instead. What is written and not sent stays
 * in `drafts` (per chat) while another chat is open.
 */
import { h, clear, icon } from './dom.js';
import { EMOJI } from './emoji.js';
import { parseKey, MULTICAST, BROADCAST } from '../core/model.js';

export class Composer {
  /**
   * @param {object} ctx the widget's context (client, t, act)
   * @param {object} o
   * @param {string} o.key the conversation
   * @param {Map<string, string>} o.drafts unsent text per conversation, shared by every chat window
   */
  constructor(ctx, { key, drafts }) {
    this.ctx = ctx;
    this.key = key;
    this.drafts = drafts;
    this.emojiOpen = false;
    this.blocked = false;
    this.inputEl = null;
    this.el = h('div', { class: 'webim-composer' });
  }

  /** Keeps what is written (the window is drawn again or closes). */
  saveDraft() {
    if (this.inputEl) this.drafts.set(this.key, this.inputEl.value);
  }

  closeEmoji() {
    this.emojiOpen = false;
    this.render();
    if (this.inputEl) this.inputEl.focus();
  }

  render() {
    const t = this.ctx.t;
    const c = this.ctx.client;
    const key = this.key;
    const { type, id } = parseKey(key);
    this.saveDraft();
    const el = clear(this.el);
    this.inputEl = null;
    const room = type === MULTICAST ? c.rooms.get(id) : null;
    this.blocked = !!(room && room.blocked);
    if (type === BROADCAST) return;
    if (this.blocked) {
      el.append(h('p', { class: 'webim-hint webim-blocked-hint' }, t('blockedHint'), ' ',
        h('button', { class: 'webim-small-btn', type: 'button', onclick: () => this.ctx.act(c.unblockRoom(id)) }, t('unblock'))));
      return;
    }
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
      c.send(key, text);
    };
    const input = h('textarea', {
      class: 'webim-input', rows: '1', placeholder: t('typeMessage'), 'aria-label': t('typeMessage'), maxlength: '5000',
      onkeydown: (e) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          send();
        }
      },
      oninput: () => {
        c.keyPressed(key);
        autosize();
      },
    });
    input.value = this.drafts.get(key) || '';
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
