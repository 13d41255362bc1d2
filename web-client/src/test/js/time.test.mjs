import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userLocale, dayLabel, sameDay } from '../../main/js/ui/time.js';

const t = (k) => ({ today: 'Today', yesterday: 'Yesterday' })[k];

test('the browser locale when it speaks the widget language, else the widget language', () => {
  assert.equal(userLocale('en', { languages: ['de-DE', 'en-GB'] }), 'en-GB');
  assert.equal(userLocale('zh-CN', { languages: ['en-US'] }), 'zh-CN');
  assert.equal(userLocale('en', { language: 'en-AU' }), 'en-AU');
});

test('day labels: today, yesterday, then a date', () => {
  const now = new Date(2026, 11, 1, 9, 30).getTime();
  assert.equal(dayLabel(new Date(2026, 11, 1, 0, 5).getTime(), { locale: 'en-US', t, now }), 'Today');
  assert.equal(dayLabel(new Date(2026, 10, 30, 23, 59).getTime(), { locale: 'en-US', t, now }), 'Yesterday');
  assert.match(dayLabel(new Date(2026, 10, 27, 12).getTime(), { locale: 'en-US', t, now }), /Nov 27/);
  assert.match(dayLabel(new Date(2025, 10, 27, 12).getTime(), { locale: 'en-US', t, now }), /2025/);
  assert.ok(sameDay(new Date(2026, 0, 1, 0, 1).getTime(), new Date(2026, 0, 1, 23, 59).getTime()));
});
