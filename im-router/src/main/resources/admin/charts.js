// A small line chart in SVG: one line per series over the same sample times, a y axis from 0 to a round
// maximum, and a legend with each series' latest value. Drawn from scratch at each update (a few dozen
// points per line); no library needed for that.
import { s, h, clear, formatNumber } from './dom.js';

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
const W = 420;
const H = 150;
const PAD = { left: 40, right: 8, top: 8, bottom: 18 };

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

export class LineChart {
  constructor(figure, { title, unit }) {
    this.figure = figure;
    this.title = title;
    this.unit = unit;
  }

  /** A series' colour from its name, so a node or a domain has the same colour in every chart. */
  color(name) {
    let hash = 0;
    for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
    return PALETTE[hash % PALETTE.length];
  }

  /** times: sample times (ms); series: Map name -> values (one per time, null for a gap). */
  update(times, series) {
    const fig = clear(this.figure);
    const latest = {};
    let max = 0;
    for (const [name, values] of series) {
      for (const v of values) if (v != null && v > max) max = v;
      const last = [...values].reverse().find((v) => v != null);
      latest[name] = last ?? null;
    }
    max = niceMax(max);
    const t0 = times[0] ?? 0;
    const t1 = times[times.length - 1] ?? 1;
    const x = (t) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right);
    const y = (v) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${this.title}, ${this.unit}` });
    for (const frac of [0, 0.5, 1]) {
      const gy = y(max * frac);
      svg.append(s('line', { x1: PAD.left, x2: W - PAD.right, y1: gy, y2: gy, class: 'grid' }),
        s('text', { x: PAD.left - 4, y: gy + 4, class: 'axis', 'text-anchor': 'end' }, formatNumber(max * frac)));
    }
    if (times.length > 1) {
      svg.append(s('text', { x: PAD.left, y: H - 4, class: 'axis' }, `${Math.round((t1 - t0) / 1000)} s ago`),
        s('text', { x: W - PAD.right, y: H - 4, class: 'axis', 'text-anchor': 'end' }, 'now'));
    }
    for (const [name, values] of series) {
      let d = '';
      values.forEach((v, i) => {
        if (v == null) return;
        d += `${d && values[i - 1] != null ? 'L' : 'M'}${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`;
      });
      if (d) svg.append(s('path', { d, class: 'line', stroke: this.color(name) }));
    }
    const legend = h('ul', { class: 'legend' });
    for (const name of series.keys()) {
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = this.color(name); // CSSOM, which the page's CSP allows (a style attribute it would not)
      legend.append(h('li', {}, swatch,
        h('span', { class: 'name' }, name), ' ', h('span', { class: 'value' }, formatNumber(latest[name] ?? NaN))));
    }
    fig.dataset.latest = JSON.stringify(latest);
    fig.dataset.points = String(times.length);
    fig.append(h('figcaption', {}, this.title, h('span', { class: 'muted' }, ` (${this.unit})`)), svg, legend);
  }
}
