// The tenants card: the list with usage, and create (the key is shown once), rotate, limits,
// disable/enable and delete.
import { h, clear, formatNumber } from './dom.js';

const $ = (id) => document.getElementById(id);

function limitsText(l) {
  const parts = [];
  parts.push(`users: ${l.max_users_online == null ? 'default' : l.max_users_online === 0 ? 'none' : l.max_users_online}`);
  parts.push(`msg/s: ${l.messages_per_second == null ? 'default' : l.messages_per_second === 0 ? 'none' : l.messages_per_second}`);
  return parts.join(', ');
}

function numberOrNull(input) {
  const v = input.value.trim();
  return v === '' ? null : Number(v);
}

export class Tenants {
  constructor(app) {
    this.app = app;
    this.list = [];
    this.editing = null;
    this.confirming = null;
    $('create-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.create();
    });
    $('secret-done').addEventListener('click', () => {
      $('secret').hidden = true;
      $('secret-key').textContent = '';
    });
  }

  get api() {
    return this.app.api;
  }

  error(e) {
    this.app.failed(e, $('tenants-error'));
  }

  async refresh() {
    if (!this.api) return;
    try {
      this.list = (await this.api.domains()).domains;
      $('tenants-error').textContent = '';
      this.render();
    } catch (e) {
      this.error(e);
    }
  }

  /** Online users per domain from the latest stats sample, between two refreshes of the list. */
  usage(sample) {
    if (!sample) return;
    const online = {};
    for (const n of Object.values(sample.nodes)) {
      if (!n.reachable) continue;
      for (const [d, c] of Object.entries(n.domains || {})) {
        online[d] = (online[d] || 0) + c.online;
      }
    }
    // In place: a full render would replace a limits form being filled in.
    for (const t of this.list) {
      let today = 0;
      for (const n of Object.values(sample.nodes)) today += n.domains?.[t.domain]?.messages_today || 0;
      t.online = online[t.domain] || 0;
      t.messages_today = today;
      const row = [...$('tenants').querySelectorAll('tbody tr[data-domain]')].find((r) => r.dataset.domain === t.domain);
      if (row) {
        row.querySelector('.online').textContent = formatNumber(t.online);
        row.querySelector('.today').textContent = formatNumber(t.messages_today);
      }
    }
  }

  showKey(title, key) {
    $('secret-title').textContent = title;
    $('secret-key').textContent = key;
    $('secret').hidden = false;
  }

  async create() {
    const form = $('create-form');
    const domain = form.domain.value.trim();
    const limits = {};
    const max = numberOrNull(form.max_users_online);
    const rate = numberOrNull(form.messages_per_second);
    if (max != null) limits.max_users_online = max;
    if (rate != null) limits.messages_per_second = rate;
    try {
      const t = await this.api.create(domain, Object.keys(limits).length ? limits : undefined);
      form.reset();
      $('tenants-error').textContent = '';
      this.showKey(`The apikey of ${t.domain}:`, t.apikey);
      await this.refresh();
    } catch (e) {
      this.error(e);
    }
  }

  async act(fn) {
    try {
      await fn();
      $('tenants-error').textContent = '';
      await this.refresh();
    } catch (e) {
      this.error(e);
    }
  }

  render() {
    const body = clear($('tenants').querySelector('tbody'));
    for (const t of this.list) {
      const row = h('tr', { dataset: { domain: t.domain, enabled: String(t.enabled) } },
        h('td', {}, t.domain),
        h('td', { class: t.enabled ? 'ok' : 'bad' }, t.enabled ? 'enabled' : 'disabled'),
        h('td', { class: 'num online' }, formatNumber(t.online ?? 0)),
        h('td', { class: 'num today' }, formatNumber(t.messages_today ?? 0)),
        h('td', { class: 'limits' }, limitsText(t.limits)),
        h('td', {}, new Date(t.created).toLocaleDateString()),
        h('td', { class: 'actions' }, this.actions(t)));
      body.append(row);
      if (this.editing === t.domain) body.append(this.limitsRow(t));
    }
  }

  actions(t) {
    const d = t.domain;
    const del = this.confirming === d
      ? [h('button', { type: 'button', class: 'danger', 'data-action': 'delete-confirm', onclick: () => {
          this.confirming = null;
          this.act(() => this.api.remove(d));
        } }, `Delete ${d} and log its users out`),
        h('button', { type: 'button', 'data-action': 'delete-cancel', onclick: () => { this.confirming = null; this.render(); } }, 'Keep')]
      : h('button', { type: 'button', class: 'danger', 'data-action': 'delete', onclick: () => { this.confirming = d; this.render(); } }, 'Delete');
    return [
      h('button', { type: 'button', 'data-action': 'rotate', onclick: () => this.act(async () => {
        const r = await this.api.rotate(d);
        const until = r.previous_valid_until ? ` The previous key works until ${new Date(r.previous_valid_until).toLocaleString()}.` : '';
        this.showKey(`The new apikey of ${d}:${until}`, r.apikey);
      }) }, 'Rotate key'),
      h('button', { type: 'button', 'data-action': 'limits', onclick: () => { this.editing = this.editing === d ? null : d; this.render(); } }, 'Limits'),
      h('button', { type: 'button', 'data-action': t.enabled ? 'disable' : 'enable',
        onclick: () => this.act(() => this.api.setEnabled(d, !t.enabled)) }, t.enabled ? 'Disable' : 'Enable'),
      del,
    ];
  }

  limitsRow(t) {
    const max = h('input', { type: 'number', min: 0, name: 'max_users_online', value: t.limits.max_users_online ?? '', placeholder: 'default', 'aria-label': `max users online of ${t.domain}` });
    const rate = h('input', { type: 'number', min: 0, name: 'messages_per_second', value: t.limits.messages_per_second ?? '', placeholder: 'default', 'aria-label': `messages per second of ${t.domain}` });
    const form = h('form', { class: 'inline', onsubmit: (e) => {
      e.preventDefault();
      this.editing = null;
      this.act(() => this.api.setLimits(t.domain, { max_users_online: numberOrNull(max), messages_per_second: numberOrNull(rate) }));
    } }, h('label', {}, 'max users online ', max), h('label', {}, 'messages/s ', rate),
    h('button', { type: 'submit' }, 'Save'), h('span', { class: 'muted' }, 'empty: the router\'s default; 0: no limit'));
    return h('tr', { class: 'edit' }, h('td', { colspan: 7 }, form));
  }
}
