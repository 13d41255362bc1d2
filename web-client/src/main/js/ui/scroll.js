/**
 * Keeps a message list pinned to its newest message while its content grows (history arriving after a
 * reload, offline messages, a bubble growing a "retry" link, fonts, a resized window), unless the
 * reader scrolled up: then it stays where it is and `onAway` tells that messages arrived below.
 */
const SLACK = 48; // px from the bottom that still count as "at the bottom"

export class StickToBottom {
  constructor(list, { onChange = () => {} } = {}) {
    this.list = list;
    this.pinned = true;
    this.onChange = onChange;
    const win = list.ownerDocument.defaultView;
    this._onScroll = () => {
      const atBottom = this.distance() <= SLACK;
      if (atBottom === this.pinned) return;
      this.pinned = atBottom;
      this.onChange(this.pinned);
    };
    list.addEventListener('scroll', this._onScroll, { passive: true });
    // Growth that fires no scroll event: new children, and children or the list changing size.
    this._resize = win.ResizeObserver ? new win.ResizeObserver(() => this.follow()) : null;
    if (this._resize) this._resize.observe(list);
    this._mutations = new win.MutationObserver((records) => {
      if (this._resize) for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && n.parentNode === list) this._resize.observe(n);
      this.follow();
    });
    this._mutations.observe(list, { childList: true, subtree: true, characterData: true });
  }

  distance() {
    const l = this.list;
    return l.scrollHeight - l.scrollTop - l.clientHeight;
  }

  /** Back to the bottom if pinned. */
  follow() {
    if (this.pinned) this.list.scrollTop = this.list.scrollHeight;
  }

  /** Pins and scrolls down (the user sent something, or asked to see the newest). */
  toBottom() {
    const was = this.pinned;
    this.pinned = true;
    this.list.scrollTop = this.list.scrollHeight;
    if (!was) this.onChange(true);
  }

  disconnect() {
    this.list.removeEventListener('scroll', this._onScroll);
    if (this._resize) this._resize.disconnect();
    this._mutations.disconnect();
  }
}
