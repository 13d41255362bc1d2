/**
 * NextIM web widget. Embed with one script tag:
 *
 *   <script type="module" src="https://im.example.com/webim/webim.js"
 *           data-gateway="https://im.example.com:8080" data-token="<site-signed JWT>" data-lang="zh-CN"></script>
 *
 * or import it and call `start({gateway, token, lang})` (also on `window.NextIM`). Without a token the
 * gateway's `webim_token` cookie is used. The stylesheet next to this file is added to the page.
 */
import { WebimClient } from './core/client.js';
import { JsonpTransport } from './core/transport.js';
import { WebimUI } from './ui/widget.js';
import { pickLang } from './ui/i18n.js';
import { State } from './core/connection.js';

export const VERSION = '0.1.0';

export const DEFAULTS = Object.freeze({
  gateway: null, // the community gateway's base URL (required)
  token: null, // the site-signed user token; null: the webim_token cookie
  lang: null, // 'en' or 'zh-CN'; null: the page's <html lang>, then the browser's
  pollTimeout: 28000, // the router's poll timeout: polls are given up 4 s after it
  container: null, // where the widget goes (default document.body)
  css: true, // add webim.css from next to this script
  debug: false, // log connection details to the console
});

let instance = null;

function readStorage(get) {
  try {
    return get();
  } catch {
    return null;
  }
}

function addStylesheet(doc) {
  const href = new URL('./webim.css', import.meta.url).href;
  if ([...doc.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href)) return;
  doc.head.appendChild(Object.assign(doc.createElement('link'), { rel: 'stylesheet', href }));
}

/** Starts the widget (stopping a running one first); returns {client, ui}. */
export function start(options = {}) {
  const o = { ...DEFAULTS, ...(globalThis.webimOptions || {}), ...options };
  if (!o.gateway) throw new TypeError('webim: option "gateway" is required');
  stop();
  const doc = document;
  const win = window;
  if (o.css) addStylesheet(doc);
  const lang = pickLang(o.lang || doc.documentElement.lang || (navigator.languages && navigator.languages[0]) || navigator.language);
  // Denied storage: the state, or the messages not sent yet, live for this page only.
  const storage = readStorage(() => win.localStorage);
  const session = readStorage(() => win.sessionStorage); // unsent messages, through a reload of this tab (core/unsent.js)
  const client = new WebimClient({
    gateway: o.gateway,
    token: o.token,
    transport: new JsonpTransport({ document: doc, window: win }),
    storage,
    sessionStorage: session,
    window: win,
    pollTimeout: o.pollTimeout,
    logger: o.debug ? console.debug.bind(console) : null,
  });
  const ui = new WebimUI(client, { lang, document: doc, window: win, container: o.container });
  client.on('state', (e) => {
    ui._unauthorized = e.reason === 'unauthorized';
    if (e.reason === 'unauthorized') doc.dispatchEvent(new CustomEvent('webim:unauthorized'));
  });
  ui.mount();
  const onHide = () => client.leave();
  const onShow = (e) => {
    if (e.persisted && client.state === State.DISCONNECTED) client.start();
  };
  win.addEventListener('pagehide', onHide);
  win.addEventListener('pageshow', onShow);
  instance = {
    client,
    ui,
    openChat: (id, type = 'unicast') => ui.openChat(`${type}:${id}`),
    openRoom: (id) => ui.openChat(`multicast:${id}`),
    dispose() {
      win.removeEventListener('pagehide', onHide);
      win.removeEventListener('pageshow', onShow);
      client.stop();
      ui.unmount();
    },
  };
  client.start();
  doc.dispatchEvent(new CustomEvent('webim:ready', { detail: instance }));
  return instance;
}

/** Stops the widget without going offline (as when leaving the page). */
export function stop() {
  if (!instance) return;
  const old = instance;
  instance = null;
  old.client.leave();
  old.dispose();
}

export function current() {
  return instance;
}

const api = { start, stop, current, VERSION, get instance() { return instance; } };
if (typeof window !== 'undefined') {
  window.NextIM = api;
  // Options from the embedding script tag's data attributes.
  const tag = [...document.querySelectorAll('script[src]')].find((s) => s.src === import.meta.url || s.src.split('?')[0] === import.meta.url.split('?')[0]);
  if (tag && tag.dataset.gateway && (tag.dataset.token || tag.dataset.autostart !== undefined)) {
    start({ gateway: tag.dataset.gateway, token: tag.dataset.token || null, lang: tag.dataset.lang || null, debug: tag.dataset.debug !== undefined });
  }
}

export default api;
