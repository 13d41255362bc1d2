/**
 * A short two-note chime made with Web Audio (no sound file). Browsers start audio only after a user
 * gesture, so the context is created or resumed on the first click or key on the page.
 */
export class Chime {
  constructor(win = globalThis.window) {
    this.win = win;
    this.ctx = null;
    this.played = 0;
    const unlock = () => this._context();
    if (win && win.addEventListener) {
      win.addEventListener('pointerdown', unlock, { once: true, capture: true });
      win.addEventListener('keydown', unlock, { once: true, capture: true });
    }
  }

  _context() {
    const AC = this.win && (this.win.AudioContext || this.win.webkitAudioContext);
    if (!AC) return null;
    try {
      if (!this.ctx) this.ctx = new AC();
      if (this.ctx.state === 'suspended') this.ctx.resume().catch(() => {});
    } catch {
      return null;
    }
    return this.ctx;
  }

  play() {
    this.played++;
    const ctx = this._context();
    if (!ctx) return false;
    const t0 = ctx.currentTime + 0.01;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.18, t0 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.45);
    [[880, 0], [1318.5, 0.12]].forEach(([freq, at]) => {
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(freq, t0 + at);
      osc.connect(gain);
      osc.start(t0 + at);
      osc.stop(t0 + 0.5);
    });
    return true;
  }
}

/** While the page is hidden, the title alternates with "(n) Bob: new message" until it is seen. */
export class TitleFlasher {
  constructor(doc = globalThis.document, interval = 1000) {
    this.doc = doc;
    this.interval = interval;
    this.timer = null;
    this.original = null;
    this.text = '';
    this.count = 0;
    doc.addEventListener('visibilitychange', () => {
      if (!doc.hidden) this.stop();
    });
  }

  get flashing() {
    return this.timer !== null;
  }

  flash(text) {
    if (!this.doc.hidden) return;
    this.count++;
    this.text = `(${this.count}) ${text}`;
    if (this.timer) return;
    this.original = this.doc.title;
    let on = false;
    const tick = () => {
      on = !on;
      this.doc.title = on ? this.text : this.original;
    };
    tick();
    this.timer = setInterval(tick, this.interval);
  }

  stop() {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.count = 0;
    this.doc.title = this.original;
  }
}
