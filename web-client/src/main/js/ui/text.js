/**
 * Safe rendering of what comes from the network: text nodes only, links for http(s) URLs, and
 * message `style` reduced to a few harmless properties. Nothing here uses innerHTML.
 */

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** The URL if it is http(s) (relative ones resolved against `base`), else null. */
export function safeUrl(raw, base) {
  if (raw === null || raw === undefined || typeof raw === 'object' || String(raw).trim() === '') return null;
  try {
    const u = new URL(String(raw), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Splits text into [{text}] and [{url, text}] parts. */
export function linkParts(text) {
  const parts = [];
  let last = 0;
  const s = String(text);
  for (const m of s.matchAll(URL_RE)) {
    let url = m[0];
    const trail = url.match(TRAILING);
    if (trail) url = url.slice(0, -trail[0].length);
    if (!url) continue;
    if (m.index > last) parts.push({ text: s.slice(last, m.index) });
    const href = safeUrl(url);
    parts.push(href ? { url: href, text: url } : { text: url });
    last = m.index + url.length;
  }
  if (last < s.length) parts.push({ text: s.slice(last) });
  return parts;
}

const EMOTICONS = new Map([
  [':)', '🙂'], [':-)', '🙂'], [':D', '😄'], [':-D', '😄'], [';)', '😉'], [';-)', '😉'], [':(', '🙁'], [':-(', '🙁'],
  [':P', '😛'], [':p', '😛'], [':O', '😮'], [':o', '😮'], ['<3', '❤️'], [':\'(', '😢'], ['B)', '😎'], [':*', '😘'],
]);

/** Text emoticons written alone (":)" between spaces) become emoji; everything stays text. */
export function emoticons(text) {
  return String(text).replace(/(^|\s)(:-?\)|:-?D|;-?\)|:-?\(|:[Pp]|:[Oo]|<3|:'\(|B\)|:\*)(?=\s|$)/g, (m, pre, e) => pre + (EMOTICONS.get(e) || e));
}

/** A message body as DOM: text nodes, <br> for new lines, <a> for http(s) links. */
export function renderBody(doc, body) {
  const frag = doc.createDocumentFragment();
  const lines = emoticons(body).split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    if (i > 0) frag.appendChild(doc.createElement('br'));
    for (const part of linkParts(line)) {
      if (part.url) {
        const a = doc.createElement('a');
        a.href = part.url;
        a.textContent = part.text;
        a.target = '_blank';
        a.rel = 'noopener noreferrer nofollow ugc';
        frag.appendChild(a);
      } else {
        frag.appendChild(doc.createTextNode(part.text));
      }
    }
  });
  return frag;
}

const COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\(\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*(,\s*(0|1|0?\.\d+)\s*)?\))$/i;
const ALLOWED = {
  color: (v) => COLOR.test(v),
  'font-weight': (v) => /^(normal|bold|bolder|lighter|[1-9]00)$/i.test(v),
  'font-style': (v) => /^(normal|italic|oblique)$/i.test(v),
  'text-decoration': (v) => /^(none|underline|overline|line-through)( (underline|overline|line-through))*$/i.test(v),
};

/**
 * A message `style` ("color:#c00;font-weight:bold") reduced to color, font weight, font style and text
 * decoration with plain values; everything else (url(), expressions, positions) is dropped.
 */
export function safeStyle(style) {
  const out = {};
  for (const decl of String(style || '').split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).trim().replace(/\s*!important$/i, '');
    if (value.length > 40 || /[\\<>"'`]|url|expression|var\(/i.test(value)) continue;
    if (ALLOWED[prop] && ALLOWED[prop](value)) out[prop] = value;
  }
  return out;
}

export function applyStyle(el, style) {
  for (const [k, v] of Object.entries(safeStyle(style))) el.style.setProperty(k, v);
}

/** Initials for an avatar without a picture: "Alice" → "A", "Mary Jane" → "MJ", "王小明" → "王". */
export function initials(name) {
  const words = String(name || '?').trim().split(/\s+/).filter(Boolean);
  const first = (w) => Array.from(w)[0] || '';
  if (words.length > 1) return (first(words[0]) + first(words[1])).toUpperCase();
  return first(words[0] || '?').toUpperCase();
}

/** A stable pleasant hue for a name. */
export function hue(name) {
  let h = 0;
  for (const ch of String(name)) h = (h * 31 + ch.codePointAt(0)) % 360;
  return h;
}
