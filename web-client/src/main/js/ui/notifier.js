/**
 * Browser notifications for new messages (opt-in: the `notify` setting). Shown only while the page is
 * hidden, one per conversation (the notification's `tag`: a newer message replaces the older one), by
 * one tab of the site (the first to claim the message), and a click brings the page forward and opens
 * the chat. Permission is asked only from a user's click (`ask`), as browsers require.
 */
export class Notifier {
  constructor({ window: win, document: doc, claim = () => true, onOpen = () => {} } = {}) {
    this.win = win;
    this.doc = doc;
    this.claim = claim;
    this.onOpen = onOpen;
  }

  get supported() {
    return !!(this.win && typeof this.win.Notification === 'function');
  }

  get permission() {
    return this.supported ? this.win.Notification.permission : 'denied';
  }

  /** From a click: asks for permission if needed; resolves true when notifications may be shown. */
  async ask() {
    if (!this.supported) return false;
    if (this.permission === 'granted') return true;
    if (this.permission === 'denied') return false;
    try {
      return (await this.win.Notification.requestPermission()) === 'granted';
    } catch {
      return false;
    }
  }

  /** A new message in conversation `key` titled `title`; shows it if the page is hidden. */
  show(key, title, body, msg) {
    if (!this.doc.hidden || this.permission !== 'granted' || !this.claim(msg)) return null;
    let n;
    try {
      n = new this.win.Notification(title, { body: String(body).slice(0, 180), tag: 'nextim:' + key, renotify: true });
    } catch {
      return null; // e.g. a browser that only shows notifications from a service worker
    }
    n.onclick = () => {
      try {
        this.win.focus();
      } catch {
        /* not allowed: the chat opens all the same */
      }
      this.onOpen(key);
      n.close();
    };
    return n;
  }
}
