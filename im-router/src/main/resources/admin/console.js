// The admin console: sign in with the admin token, then every 2 s read /admin/api/stats and draw the
// live charts (online users, messages/s, deliveries/s — per node or per domain), the nodes table, and
// the tenants with their management.
import { AdminApi, ApiError } from './api.js';
import { LineChart } from './charts.js';
import { h, clear, formatNumber } from './dom.js';
import { Tenants } from './tenants.js';

const TOKEN_KEY = 'nextim.admin.token';
const POLL_MS = 2000;
const KEEP = 90; // samples: 3 minutes

const $ = (id) => document.getElementById(id);

class Console {
  constructor() {
    this.api = null;
    this.samples = []; // {t, nodes: {id: {...}}, reachable: Set}
    this.by = 'node';
    this.timer = null;
    this.charts = {
      online: new LineChart($('chart-online'), { title: 'Online users', unit: 'users' }),
      messages: new LineChart($('chart-messages'), { title: 'Messages', unit: 'per second' }),
      deliveries: new LineChart($('chart-deliveries'), { title: 'Deliveries to pages', unit: 'per second' }),
    };
    this.tenants = new Tenants(this);
    $('login-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.signIn($('token').value.trim());
    });
    $('logout').addEventListener('click', () => this.signOut());
    for (const b of document.querySelectorAll('.toggle button')) {
      b.addEventListener('click', () => {
        this.by = b.dataset.by;
        for (const o of document.querySelectorAll('.toggle button')) o.setAttribute('aria-pressed', String(o === b));
        this.draw();
      });
    }
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) this.signIn(saved);
  }

  async signIn(token) {
    $('login-error').textContent = '';
    const api = new AdminApi(token);
    try {
      await api.nodes();
    } catch (e) {
      $('login-error').textContent = e.status === 401 ? 'That token is not the admin token.' : e.message;
      sessionStorage.removeItem(TOKEN_KEY);
      return;
    }
    this.api = api;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    document.body.dataset.state = 'signed-in';
    this.tick();
    this.tenants.refresh();
  }

  signOut(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearTimeout(this.timer);
    this.api = null;
    this.samples = [];
    $('app').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('summary').textContent = '';
    $('login-error').textContent = reason || '';
    document.body.dataset.state = 'signed-out';
  }

  /** An API failure: 401 signs out (the token changed); anything else is shown where it happened. */
  failed(e, where) {
    if (e instanceof ApiError && e.status === 401) {
      this.signOut('The admin token was refused; sign in again.');
      return;
    }
    where.textContent = e.message;
  }

  async tick() {
    clearTimeout(this.timer);
    if (!this.api) return;
    try {
      const stats = await this.api.stats();
      this.add(stats);
      this.draw();
      this.tenants.usage(this.samples[this.samples.length - 1]);
      $('updated').textContent = `updated ${new Date(stats.time).toLocaleTimeString()}`;
    } catch (e) {
      this.failed(e, $('updated'));
    }
    if (this.api) this.timer = setTimeout(() => this.tick(), POLL_MS);
  }

  /** Keeps each node's totals and per-domain counters at this time. */
  add(stats) {
    const sample = { t: stats.time, nodes: {} };
    for (const n of stats.nodes) sample.nodes[n.node] = n;
    this.samples.push(sample);
    if (this.samples.length > KEEP) this.samples.shift();
  }

  draw() {
    const times = this.samples.map((x) => x.t);
    const online = new Map();
    const messages = new Map();
    const deliveries = new Map();
    const put = (map, key, i, v) => {
      if (!map.has(key)) map.set(key, new Array(this.samples.length).fill(null));
      map.get(key)[i] = (map.get(key)[i] ?? 0) + v;
    };
    this.samples.forEach((sample, i) => {
      const prev = this.samples[i - 1];
      const dt = prev ? (sample.t - prev.t) / 1000 : 0;
      for (const [id, n] of Object.entries(sample.nodes)) {
        if (!n.reachable) continue;
        for (const [domain, d] of Object.entries(n.domains || {})) {
          const key = this.by === 'node' ? shortId(id) : domain;
          put(online, key, i, d.online);
          const p = prev?.nodes[id]?.domains?.[domain];
          if (p && dt > 0) {
            put(messages, key, i, Math.max(0, (sent(d) - sent(p)) / dt));
            put(deliveries, key, i, Math.max(0, (d.delivered - p.delivered) / dt));
          }
        }
        if (this.by === 'node' && Object.keys(n.domains || {}).length === 0) put(online, shortId(id), i, 0);
      }
    });
    this.charts.online.update(times, online);
    this.charts.messages.update(times, messages);
    this.charts.deliveries.update(times, deliveries);
    this.nodesTable(this.samples[this.samples.length - 1]);
  }

  nodesTable(sample) {
    if (!sample) return;
    const body = clear($('nodes').querySelector('tbody'));
    const nodes = Object.values(sample.nodes);
    let users = 0;
    for (const n of nodes) {
      users += n.users || 0;
      body.append(h('tr', { dataset: { node: n.node } },
        h('td', { title: n.node }, shortId(n.node)),
        h('td', { class: n.reachable ? 'ok' : 'bad' }, n.reachable ? 'up' : 'not answering'),
        h('td', { class: 'num' }, n.reachable ? formatNumber(n.users) : '–'),
        h('td', { class: 'num' }, n.reachable ? formatNumber(n.pages) : '–'),
        h('td', { class: 'num' }, n.reachable ? formatNumber(n.polls_held) : '–'),
        h('td', { class: 'num' }, n.reachable ? formatNumber(n.messages_per_second) : '–'),
        h('td', { class: 'num' }, n.reachable ? formatNumber(n.deliveries_per_second) : '–')));
    }
    const down = nodes.filter((n) => !n.reachable).length;
    $('summary').textContent = `${nodes.length} node${nodes.length === 1 ? '' : 's'}${down ? ` (${down} not answering)` : ''}, ${users} users online`;
  }
}

function sent(d) {
  const m = d.messages || {};
  return (m.unicast || 0) + (m.multicast || 0) + (m.broadcast || 0);
}

function shortId(id) {
  return id.length > 12 ? id.slice(0, 8) : id;
}

window.nextimAdmin = new Console();
