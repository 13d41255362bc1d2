/**
 * Which receipt shows under which of our bubbles in a one-to-one chat, as chat apps do it: one label,
 * not one per bubble — "seen" under the newest of our messages the buddy has seen, "delivered" under
 * the newest that reached a page of theirs after that one. `messages` is the chat, oldest first.
 */
export function receiptLabel(messages, me, m) {
  let seen = -1;
  let delivered = -1;
  messages.forEach((x, i) => {
    if (x.from !== me) return;
    if (x.seen) seen = i;
    if (x.delivered || x.seen) delivered = i;
  });
  const i = messages.indexOf(m);
  if (i < 0) return null;
  if (i === seen) return 'seen';
  if (i === delivered && delivered > seen) return 'delivered';
  return null;
}

/**
 * Where one of our messages stands, as its bubble's `data-state` says it: `sending` (in the outbox),
 * `failed` (the outbox gave up: retry), `seen`, `delivered`, `kept` (stored by the gateway, forwarded
 * later), `later` (to an offline buddy: delivered when they are back) or `sent`.
 */
export function messageState(m) {
  if (m.pending) return 'sending';
  if (m.failed) return 'failed';
  if (m.seen) return 'seen';
  if (m.delivered) return 'delivered';
  if (m.kept) return 'kept';
  if (m.offline) return 'later';
  return 'sent';
}
