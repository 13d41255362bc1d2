import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeUrl, linkParts, safeStyle, emoticons, initials } from '../../main/js/ui/text.js';
import { translator, pickLang, LANGS } from '../../main/js/ui/i18n.js';

test('only http and https links', () => {
  assert.equal(safeUrl('https://example.org/a?b=1'), 'https://example.org/a?b=1');
  assert.equal(safeUrl('/posts/1#c', 'http://site.example/x'), 'http://site.example/posts/1#c');
  for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>', 'vbscript:x', '', null, undefined]) {
    assert.equal(safeUrl(bad, 'http://site.example/'), null, String(bad));
  }
});

test('links are cut out of text, trailing punctuation stays text', () => {
  assert.deepEqual(linkParts('see https://example.org/x?a=1&b=2. or javascript:alert(1)'), [
    { text: 'see ' }, { url: 'https://example.org/x?a=1&b=2', text: 'https://example.org/x?a=1&b=2' }, { text: '. or javascript:alert(1)' },
  ]);
  assert.deepEqual(linkParts('<a href="https://x.org">'), [{ text: '<a href="' }, { url: 'https://x.org/', text: 'https://x.org' }, { text: '">' }]);
});

test('style keeps color, font weight and style, decoration; drops the rest', () => {
  assert.deepEqual(safeStyle('color: #c00; font-weight: bold; font-style: italic; text-decoration: underline'),
    { color: '#c00', 'font-weight': 'bold', 'font-style': 'italic', 'text-decoration': 'underline' });
  assert.deepEqual(safeStyle('background: url(javascript:alert(1)); position: fixed; color: red'), { color: 'red' });
  assert.deepEqual(safeStyle('color: expression(alert(1)); font-weight: 900 !important'), { 'font-weight': '900' });
  assert.deepEqual(safeStyle('color: rgb(1, 2, 3)'), { color: 'rgb(1, 2, 3)' });
  assert.deepEqual(safeStyle('color: red"><script>'), {});
  assert.deepEqual(safeStyle(null), {});
});

test('text emoticons become emoji only when standing alone', () => {
  assert.equal(emoticons('hi :) and :D'), 'hi 🙂 and 😄');
  assert.equal(emoticons('http://x.org/:)'), 'http://x.org/:)');
});

test('initials', () => {
  assert.equal(initials('Alice'), 'A');
  assert.equal(initials('Mary Jane Doe'), 'MJ');
  assert.equal(initials('王小明'), '王');
  assert.equal(initials(''), '?');
});

test('both languages have every key; language tags map to a supported one', () => {
  assert.deepEqual(Object.keys(LANGS['zh-CN']).sort(), Object.keys(LANGS.en).sort());
  assert.equal(pickLang('zh-Hans-CN'), 'zh-CN');
  assert.equal(pickLang('en-GB'), 'en');
  assert.equal(pickLang('fr'), 'en');
  assert.equal(translator('zh-CN')('typing', { name: 'Bob' }), 'Bob 正在输入…');
  assert.equal(translator('en')('onlineCount', { n: 3 }), '3 online');
});
