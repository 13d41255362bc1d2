/**
 * Dates and times in the user's locale: the browser's own locale when it speaks the widget's language
 * (en-GB gets 24-hour times, en-US 12-hour ones), else the widget's language.
 */
export function userLocale(lang, nav = globalThis.navigator) {
  const base = String(lang || 'en').split('-')[0].toLowerCase();
  const langs = (nav && (nav.languages && nav.languages.length ? nav.languages : [nav.language])) || [];
  return langs.find((l) => l && l.split('-')[0].toLowerCase() === base) || lang || 'en';
}

export function dayStart(ms) {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function sameDay(a, b) {
  return dayStart(a) === dayStart(b);
}

/** "Today", "Yesterday", or a date (with the year when it is not this year). */
export function dayLabel(ms, { locale, t, now = Date.now() }) {
  const days = Math.round((dayStart(now) - dayStart(ms)) / 86400000);
  if (days === 0) return t('today');
  if (days === 1) return t('yesterday');
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return new Date(ms).toLocaleDateString(locale, { weekday: 'short', month: 'short', day: 'numeric', year: sameYear ? undefined : 'numeric' });
}

export function timeLabel(ms, locale) {
  return new Date(ms).toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
}
