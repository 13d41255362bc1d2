/**
 * `h(tag, props, ...children)`: DOM building without HTML strings. String children become text nodes;
 * `on*` props must be functions; every other prop is a property or an attribute, never markup.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k.startsWith('on')) {
      if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    } else if (k === 'value' || k === 'checked' || k === 'disabled') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A tiny inline SVG icon from a path list (static, not network data). */
const NS = 'http://www.w3.org/2000/svg';
const ICONS = {
  chat: ['M4 5h16v10H8l-4 4z'],
  bell: ['M6 16V11a6 6 0 0 1 12 0v5l2 2H4z', 'M10 20a2 2 0 0 0 4 0'],
  gear: ['M12 8.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7z', 'M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1'],
  close: ['M6 6l12 12M18 6L6 18'],
  minus: ['M6 12h12'],
  smile: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M8.5 14.5s1.3 2 3.5 2s3.5-2 3.5-2', 'M9 9.5h.01M15 9.5h.01'],
  send: ['M4 12l16-8-6 16-2-6z'],
  dots: ['M6 12h.01M12 12h.01M18 12h.01'],
  users: ['M9 11a3.5 3.5 0 1 0 0-7a3.5 3.5 0 1 0 0 7z', 'M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6', 'M16 4.5a3.5 3.5 0 0 1 0 6.5M18 14c2 .8 3 2.8 3 6'],
  search: ['M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14z', 'M16.5 16.5L21 21'],
  download: ['M12 4v11M7 10l5 5 5-5M5 20h14'],
  trash: ['M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13'],
  block: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M5.6 5.6l12.8 12.8'],
  chevron: ['M7 10l5 5 5-5'],
  back: ['M15 5l-7 7 7 7'],
};

export function icon(name, size = 18) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', size);
  svg.setAttribute('height', size);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'webim-icon');
  for (const d of ICONS[name] || []) {
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', d);
    svg.appendChild(p);
  }
  return svg;
}

/**
 * Redraws `container` with `draw()` and gives the focus back to the element that stands for the one
 * that had it (same `data-focus`, `name`, `data-key`, `data-id`, `data-show` or `data-room`):
 * re-rendering must not drop keyboard users to `<body>`.
 */
export function keepingFocus(container, draw) {
  const doc = container.ownerDocument;
  const active = doc.activeElement;
  const sel = active && active !== doc.body && container.contains(active) ? focusSelector(active) : null;
  const out = draw();
  if (sel && !container.contains(doc.activeElement)) {
    const again = container.querySelector(sel);
    if (again) again.focus();
  }
  return out;
}

const FOCUS_KEYS = [['focus', 'data-focus'], ['key', 'data-key'], ['id', 'data-id'], ['show', 'data-show'], ['room', 'data-room']];

function focusSelector(el) {
  const tag = el.tagName.toLowerCase();
  if (el.name) return `${tag}[name="${cssEscape(el.name)}"]`;
  for (const [k, attr] of FOCUS_KEYS) if (el.dataset[k]) return `${tag}[${attr}="${cssEscape(el.dataset[k])}"]`;
  return null;
}

export function cssEscape(s) {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
}
