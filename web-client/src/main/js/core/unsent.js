/**
 * The messages of this page that have not got through yet (waiting in the outbox, or given up on and
 * shown "not sent"), kept so that a reload of the page loses none: the new page shows them again and
 * its outbox sends the waiting ones, in their order, with their client ids (the gateway stores one
 * message per client id, so one whose reply was lost before the reload is not stored twice).
 *
 * Kept in **sessionStorage** under `nextim:<user>:outbox`: sessionStorage belongs to one tab and one
 * origin (the site, that is one domain of the gateway), lives through reloads and ends with the tab.
 * localStorage would hand one tab's unsent messages to every other tab of the site, which would all
 * send them; and a message written in a tab that was closed should not go out days later from another.
 */
const MAX_ENTRIES = 200;

export class UnsentStore {
  /** @param {{storage: Storage|null, user: string}} o */
  constructor({ storage = null, user }) {
    this.storage = storage;
    this.key = `nextim:${user}:outbox`;
  }

  /** The kept messages, oldest first: [{key, clientId, body, style, timestamp, failed}]. */
  load() {
    let list;
    try {
      list = this.storage ? JSON.parse(this.storage.getItem(this.key) || '[]') : [];
    } catch {
      list = [];
    }
    if (!Array.isArray(list)) return [];
    return list.filter((e) => e && typeof e.key === 'string' && e.key.includes(':') && typeof e.clientId === 'string'
      && typeof e.body === 'string' && e.body.trim() !== '').map((e) => ({
      key: e.key, clientId: e.clientId, body: e.body, style: typeof e.style === 'string' ? e.style : '',
      timestamp: Number(e.timestamp) || Date.now(), failed: e.failed === true,
    }));
  }

  /** Replaces what is kept with `entries` (nothing: the key goes). */
  save(entries) {
    if (!this.storage) return;
    try {
      if (!entries.length) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(entries.slice(-MAX_ENTRIES)));
    } catch {
      /* storage full or denied: the messages live for this page only */
    }
  }
}
