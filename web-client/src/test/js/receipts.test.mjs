// ui/receipts.js: one receipt label, under the newest seen or delivered message of ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { receiptLabel } from '../../main/js/ui/receipts.js';

const mine = (id, extra = {}) => ({ id, from: 'me', ...extra });
const theirs = (id) => ({ id, from: 'bob' });

test('one label: seen under the newest seen, delivered under a newer delivered one, none elsewhere', () => {
  const chat = [mine('a', { delivered: true, seen: true }), theirs('b'), mine('c', { delivered: true, seen: true }), mine('d', { delivered: true }), mine('e')];
  assert.deepEqual(chat.map((m) => receiptLabel(chat, 'me', m)), [null, null, 'seen', 'delivered', null]);
});

test('seen alone when nothing newer is delivered; nothing before any receipt; theirs never labelled', () => {
  const chat = [mine('a', { delivered: true }), mine('b', { seen: true }), theirs('c')];
  assert.deepEqual(chat.map((m) => receiptLabel(chat, 'me', m)), [null, 'seen', null]);
  const none = [mine('x'), theirs('y')];
  assert.deepEqual(none.map((m) => receiptLabel(none, 'me', m)), [null, null]);
  assert.equal(receiptLabel(none, 'me', mine('not in the chat')), null);
});
