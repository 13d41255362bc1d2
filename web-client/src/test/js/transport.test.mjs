import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeIm, until, fakeDocument } from './fake-im.mjs';
import { JsonpTransport } from '../../main/js/core/transport.js';

describe('JsonpTransport', () => {
  let im;
  before(async () => {
    im = await startFakeIm({ pollTimeout: 100 });
  });
  after(() => im.close());

  test('a reply arrives through a namespaced callback, and the script is removed', async () => {
    im.pages.set('j1', { user: 'alice', packets: [], seq: 0 });
    im.push('j1', 'messages', { id: 'm1', from: 'bob', to: 'alice', body: 'hi', type: 'unicast' });
    const win = {};
    const doc = fakeDocument(win);
    const t = new JsonpTransport({ document: doc, window: win });
    const reply = await t.poll(im.url + '/packets', { domain: 'localhost', ticket: 'j1', cursor: 0 }, { timeout: 2000 });
    assert.equal(reply.messages[0].body, 'hi');
    assert.equal(doc.head.children.length, 0);
    assert.deepEqual(Object.keys(win.__nextimJsonp), ['seq'], 'no callback left behind');
  });

  test('release: a second poll (a fetch, cancelled after) gets the held poll answered before the page ends', async () => {
    const slow = await startFakeIm({ pollTimeout: 4000 }); // a held poll would wait 4 s
    slow.pages.set('j9', { user: 'alice', packets: [], seq: 0 });
    const win = { fetch: (...a) => globalThis.fetch(...a) };
    const t = new JsonpTransport({ document: fakeDocument(win), window: win });
    const held = t.poll(slow.url + '/packets', { domain: 'localhost', ticket: 'j9', cursor: 0 }, { timeout: 8000 });
    await until(() => slow.pages.get('j9').held);
    const t0 = Date.now();
    await t.release(slow.url + '/packets', { domain: 'localhost', ticket: 'j9', cursor: 0 }, { wait: 3000 });
    const reply = await held;
    assert.equal(reply.status, 'ok', 'answered as a script, at once');
    assert.deepEqual(reply.messages, []);
    assert.ok(Date.now() - t0 < 1000, 'not after the poll timeout');
    assert.equal(t.inflight.size, 0);
    await t.release(slow.url + '/packets', { domain: 'localhost', ticket: 'j9' }); // nothing held: a no-op
    await slow.close();
  });

  test('a failed load (404 for an ended page) is a network error', async () => {
    const win = {};
    const t = new JsonpTransport({ document: fakeDocument(win), window: win });
    await assert.rejects(t.poll(im.url + '/packets', { domain: 'localhost', ticket: 'dead', cursor: 0 }, { timeout: 2000 }), { code: 'network' });
  });

  test('a slow node\'s "unavailable" reply arrives as a reply (a 503 script would not run)', async () => {
    im.pages.set('j4', { user: 'alice', packets: [], seq: 0 });
    im.unavailablePolls = 1;
    const win = {};
    const t = new JsonpTransport({ document: fakeDocument(win), window: win });
    const reply = await t.poll(im.url + '/packets', { domain: 'localhost', ticket: 'j4', cursor: 0 }, { timeout: 2000 });
    assert.equal(reply.status, 'unavailable');
    assert.equal(reply.retryable, true);
  });

  test('a poll that does not answer in time is given up; its late reply calls a no-op', async () => {
    im.pages.set('j2', { user: 'alice', packets: [], seq: 0 });
    const win = {};
    const t = new JsonpTransport({ document: fakeDocument(win, { delay: 50 }), window: win });
    await assert.rejects(t.poll(im.url + '/packets', { domain: 'localhost', ticket: 'j2', cursor: 0 }, { timeout: 20 }), { code: 'timeout' });
    await until(() => Object.keys(win.__nextimJsonp).length === 1, 2000, 'late callback cleaned up');
  });

  test('close() rejects polls in flight', async () => {
    im.pages.set('j3', { user: 'alice', packets: [], seq: 0 });
    const win = {};
    const t = new JsonpTransport({ document: fakeDocument(win), window: win });
    const p = t.poll(im.url + '/packets', { domain: 'localhost', ticket: 'j3', cursor: 0 }, { timeout: 2000 });
    await new Promise((r) => setTimeout(r, 0));
    t.close();
    await assert.rejects(p, { code: 'disconnected' });
  });

  test('callback names match the router\'s rule', async () => {
    const rule = /^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$][\w$]{0,63})*$/;
    const win = {};
    const doc = { head: { appendChild() {} }, createElement: () => ({}) };
    const t = new JsonpTransport({ document: doc, window: win });
    let src;
    doc.head.appendChild = (s) => (src = s.src);
    t.poll('http://r/packets', { ticket: 'x' }, { timeout: 10 }).catch(() => {});
    await new Promise((r) => setTimeout(r, 0));
    assert.match(new URL(src).searchParams.get('callback'), rule);
  });

  test('the first poll waits for the page load event (a held script would hold it)', async () => {
    const listeners = [];
    const win = { addEventListener: (ev, fn) => ev === 'load' && listeners.push(fn) };
    let appended = 0;
    const doc = { readyState: 'loading', head: { appendChild: () => appended++ }, createElement: () => ({}) };
    const t = new JsonpTransport({ document: doc, window: win });
    t.poll('http://r/packets', { ticket: 'x' }, { timeout: 50 }).catch(() => {});
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(appended, 0);
    doc.readyState = 'complete';
    listeners.forEach((fn) => fn());
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(appended, 1);
  });
});
