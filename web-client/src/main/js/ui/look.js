/**
 * The small pieces every part of the widget draws the same way: avatars, presence dots, typing dots,
 * and what a buddy's presence or a chat's title is in words.
 */
import { h } from './dom.js';
import { initials, hue, safeUrl } from './text.js';
import { parseKey, MULTICAST, BROADCAST } from '../core/model.js';

/** How buddies sort by presence: the reachable ones first. */
export const SHOW_ORDER = { available: 0, chat: 0, away: 1, dnd: 2, busy: 2, invisible: 3, unavailable: 4 };

/** A buddy's show as the widget draws it: `unavailable` unless online. */
export function showOf(b) {
  if (!b || b.presence !== 'online') return 'unavailable';
  return b.show || 'available';
}

/** The name of a chat: the buddy's or room's nick, "Announcements" for broadcasts. */
export function titleOf(client, t, key) {
  const { type, id } = parseKey(key);
  if (type === BROADCAST) return t('announcements');
  if (type === MULTICAST) {
    const r = client.rooms.get(id);
    return r ? r.nick : id;
  }
  const b = client.buddies.get(id);
  return b ? b.nick : id;
}

/** A round avatar: the picture when it loads, else initials on a colour of the id. */
export function avatar(win, entity, { size = 32, room = false } = {}) {
  const name = entity ? entity.nick || entity.id : '?';
  const el = h('span', {
    class: 'webim-avatar' + (room ? ' webim-avatar-room' : ''),
    style: { width: size + 'px', height: size + 'px', fontSize: Math.round(size * 0.42) + 'px', background: `hsl(${hue(entity ? entity.id : '?')} 55% 52%)` },
    'aria-hidden': 'true',
  }, h('span', { class: 'webim-initials' }, room ? '#' : initials(name)));
  const base = win && win.location ? win.location.href : undefined;
  const src = entity && (safeUrl(entity.pic_url, base) || safeUrl(entity.default_pic_url, base));
  if (src) {
    const img = h('img', { alt: '', src, loading: 'lazy', referrerpolicy: 'no-referrer' });
    img.addEventListener('error', () => img.remove()); // the initials stay
    el.appendChild(img);
  }
  return el;
}

/** A presence dot; `spoken` adds its meaning as text for screen readers (not by colour alone). */
export function presenceDot(t, show, { spoken = true } = {}) {
  const label = t('show_' + show);
  return h('span', { class: 'webim-dot', dataset: { show }, title: label }, spoken ? h('span', { class: 'webim-sr' }, label) : null);
}

export function typingDots() {
  return h('span', { class: 'webim-typing-dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i'));
}
