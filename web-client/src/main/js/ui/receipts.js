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
