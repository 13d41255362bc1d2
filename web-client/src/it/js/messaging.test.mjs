// Messages on bad networks and what happens to them after (issue 12): the outbox with client ids,
// receipts, paging back through history, browser notifications. Real router, gateway and web-client
// jars; Chromium through playwright-core.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, skipReason, eventually, connected, openChat, send, axeViolations, AXE, T, PHONE } from './helpers.mjs';

const skip = await skipReason();

/** The bodies shown in the open chat, oldest first, from `from` when given. */
const shown = (page, from) => page.evaluate((f) => [...document.querySelectorAll('.webim-window .webim-msg')]
  .filter((m) => !f || m.dataset.from === f).map((m) => m.querySelector('.webim-msg-body').textContent), from);

describe('messaging in Chromium', { skip, concurrency: false }, () => {
  const h = browserTests('messaging');

  test('outbox: three messages written with the network cut reach the buddy once each, in order', async () => {
    const alice = await h.signIn('alice', { ctxOptions: { bypassCSP: true, reducedMotion: 'reduce' } });
    const bob = await h.signIn('bob');
    await openChat(alice.page, 'bob');
    await openChat(bob.page, 'alice');
    await eventually(() => alice.page.evaluate(() => window.NextIM.current().client.buddies.get('bob')?.presence === 'online'), 'bob online');
    // The network goes: every request to the gateway or the router fails, except that the first message
    // reaches the gateway and only its reply is lost (the outbox must not make it two).
    let lostReply = false;
    const cut = async (route) => {
      if (!lostReply && route.request().url().includes('/webim/message')) {
        lostReply = true;
        await route.fetch().catch(() => {});
      }
      await route.abort('internetdisconnected');
    };
    await alice.page.route(`${h.stack.gateway}/**`, cut);
    await alice.page.route(`${h.stack.router}/**`, cut);
    for (const n of [1, 2, 3]) await send(alice.page, `outbox ${n}`);
    assert.deepEqual(await shown(alice.page), ['outbox 1', 'outbox 2', 'outbox 3'], 'shown at once, in order');
    assert.equal(await alice.page.locator('.webim-window .webim-msg.webim-pending').count(), 3, 'all three "sending"');
    // The widget notices the connection is gone: a banner in the chat, the buddy's presence unknown.
    await alice.page.locator('.webim-window .webim-conn-banner').waitFor({ state: 'visible', timeout: 40000 });
    assert.match(await alice.page.locator('.webim-window .webim-window-sub').innerText(), /unknown/i);
    assert.equal(await alice.page.locator('.webim-window .webim-retry').count(), 0, 'no "not sent" while the outbox still tries');
    await h.screenshot(alice.page, 'outbox-offline');
    if (AXE) assert.deepEqual(await axeViolations(alice.page), [], 'axe-core with the banner and pending messages');

    await alice.page.unroute(`${h.stack.gateway}/**`);
    await alice.page.unroute(`${h.stack.router}/**`);
    await connected(alice.page, 60000);
    await alice.page.locator('.webim-window .webim-msg.webim-pending').first().waitFor({ state: 'detached', timeout: 60000 });
    await alice.page.locator('.webim-window .webim-conn-banner').waitFor({ state: 'hidden', timeout: T });
    assert.deepEqual(await shown(alice.page), ['outbox 1', 'outbox 2', 'outbox 3'], 'still once each on the sender\'s side');
    assert.equal(await alice.page.locator('.webim-window .webim-failed').count(), 0);
    await eventually(async () => (await shown(bob.page, 'alice')).length >= 3, 'bob has them');
    assert.deepEqual(await shown(bob.page, 'alice'), ['outbox 1', 'outbox 2', 'outbox 3'], 'bob: each once, in order');
    // And the gateway stored each once: bob's history after a reload.
    await bob.page.reload();
    await connected(bob.page);
    await eventually(async () => (await shown(bob.page, 'alice')).length >= 3, 'bob\'s history');
    assert.deepEqual(await shown(bob.page, 'alice'), ['outbox 1', 'outbox 2', 'outbox 3'], 'stored once each');
    await alice.ctx.close();
    await bob.ctx.close();
  });

  /** The receipt label under a message of ours with this body ('' when none). */
  const receipt = (page, body) => page.evaluate((b) => {
    const m = [...document.querySelectorAll('.webim-window .webim-msg.webim-mine')].find((x) => x.querySelector('.webim-msg-body').textContent === b);
    const r = m && m.querySelector('.webim-receipt');
    return r ? r.dataset.receipt : m && m.querySelector('.webim-msg-later') ? 'later' : '';
  }, body);

  test('receipts: "Delivered" when it reached the buddy\'s page, "Seen" when they looked; kept across a reload; a setting turns them off', async () => {
    const carol = await h.signIn('carol', { ctxOptions: { bypassCSP: true, reducedMotion: 'reduce' } });
    const dave = await h.signIn('dave');
    const reads = [];
    dave.page.on('request', (r) => r.url().includes('/webim/status') && /show=read/.test(r.postData() || '') && reads.push(r.postData()));
    // Dave's page does not pop the chat open by itself: he looks at it when the test says so.
    await dave.page.evaluate(() => window.NextIM.current().client.setSetting('msg_auto_pop', false));
    await openChat(carol.page, 'dave');
    await send(carol.page, 'are the boards in?');
    await eventually(async () => (await receipt(carol.page, 'are the boards in?')) === 'delivered', 'delivered');
    assert.equal(await carol.page.locator('.webim-window .webim-receipt').innerText(), 'Delivered');
    // Dave opens the chat (visible and focused): carol sees "Seen".
    await dave.page.bringToFront();
    await openChat(dave.page, 'carol');
    await eventually(async () => (await receipt(carol.page, 'are the boards in?')) === 'seen', 'seen');
    assert.equal(await carol.page.locator('.webim-window .webim-receipt').innerText(), 'Seen');
    await h.screenshot(carol.page, 'receipt-seen');
    if (AXE) assert.deepEqual(await axeViolations(carol.page), [], 'axe-core with a receipt');
    // The next one is delivered (and seen at once: dave's chat is open); the label moves to it.
    await send(carol.page, 'and the cables?');
    await eventually(async () => (await receipt(carol.page, 'and the cables?')) === 'seen', 'the newest seen');
    assert.equal(await receipt(carol.page, 'are the boards in?'), '', 'one label, under the newest');
    // A reload keeps it (the gateway's read marker).
    await carol.page.reload();
    await connected(carol.page);
    await eventually(async () => (await receipt(carol.page, 'and the cables?')) === 'seen', 'seen after a reload');

    // Dave turns read receipts off: his page says nothing more; carol's message stays "Delivered".
    await dave.page.click('.webim-settings-btn');
    await dave.page.click('.webim-switch:has(input[name="read_receipts"])');
    await eventually(() => dave.page.evaluate(() => window.NextIM.current().client.settings.read_receipts === false), 'setting off');
    await dave.page.keyboard.press('Escape');
    const before = reads.length;
    await send(carol.page, 'no receipt for this one');
    await dave.page.locator('.webim-window .webim-msg-body', { hasText: 'no receipt for this one' }).waitFor({ timeout: T });
    await eventually(async () => (await receipt(carol.page, 'no receipt for this one')) === 'delivered', 'delivered');
    await dave.page.evaluate(() => new Promise((r) => setTimeout(r, 300))); // the page's own follow-ups
    assert.equal(reads.length, before, 'no read receipt sent with the setting off');
    assert.equal(await receipt(carol.page, 'no receipt for this one'), 'delivered');
    await carol.ctx.close();
    await dave.ctx.close();
  });

  test('receipts: a message to an offline buddy turns from "⏳" to delivered when they come back', async () => {
    const grace = await h.signIn('grace');
    await openChat(grace.page, 'heidi');
    await send(grace.page, 'for when you are back');
    await eventually(async () => (await receipt(grace.page, 'for when you are back')) === 'later', '⏳ delivered when they are back');
    const heidi = await h.signIn('heidi');
    // Delivered, and seen at once when her page pops the chat open in front of her.
    await eventually(async () => ['delivered', 'seen'].includes(await receipt(grace.page, 'for when you are back')), 'delivered once heidi is back');
    await heidi.ctx.close();
    await grace.ctx.close();
  });

  test('history: an unread divider, then "load earlier messages" pages back and keeps what the reader sees in place', async () => {
    const erin = await h.signIn('erin');
    const frank = await h.signIn('frank', { ctxOptions: { bypassCSP: true, reducedMotion: 'reduce' } });
    await frank.page.evaluate(() => window.NextIM.current().client.setSetting('msg_auto_pop', false));
    await eventually(() => erin.page.evaluate(() => window.NextIM.current().client.buddies.get('frank')?.presence === 'online'), 'frank online');
    await erin.page.evaluate(async () => {
      const c = window.NextIM.current().client;
      for (let i = 1; i <= 45; i++) await c.send('unicast:frank', `page ${i}`);
    });
    // Frank has them unread in a tab; opening it shows a divider above the first unread one.
    await frank.page.locator('.webim-tab[data-key="unicast:erin"] .webim-tab-unread').waitFor({ timeout: T });
    await eventually(async () => (await frank.page.locator('.webim-tab[data-key="unicast:erin"] .webim-tab-unread').innerText()) === '45', '45 unread');
    await frank.page.click('.webim-tab[data-key="unicast:erin"] .webim-tab-open');
    await frank.page.locator('.webim-window .webim-unread-divider').waitFor({ timeout: T });
    assert.equal(await frank.page.evaluate(() => {
      const d = document.querySelector('.webim-window .webim-unread-divider');
      let n = d.nextElementSibling;
      while (n && !n.classList.contains('webim-msg')) n = n.nextElementSibling;
      return n && n.querySelector('.webim-msg-body').textContent;
    }), 'page 1', 'the divider sits above the first unread message');

    // After a reload the chat has the newest 30 and a "load earlier messages" control at the top.
    await frank.page.reload();
    await connected(frank.page);
    await frank.page.locator('.webim-window .webim-load-earlier').waitFor({ timeout: T });
    assert.deepEqual((await shown(frank.page)).slice(0, 1), ['page 16']);
    const anchor = () => frank.page.evaluate(() => {
      const list = document.querySelector('.webim-window .webim-messages');
      const m = [...list.querySelectorAll('.webim-msg')].find((x) => x.querySelector('.webim-msg-body').textContent === 'page 20');
      return Math.round(m.getBoundingClientRect().top - list.getBoundingClientRect().top);
    });
    await frank.page.evaluate(() => { document.querySelector('.webim-window .webim-messages').scrollTop = 0; });
    await frank.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    const before = await anchor();
    await frank.page.click('.webim-window .webim-load-earlier');
    await frank.page.locator('.webim-window .webim-msg-body', { hasText: /^page 1$/ }).waitFor({ state: 'attached', timeout: T });
    assert.deepEqual((await shown(frank.page)).slice(0, 3), ['page 1', 'page 2', 'page 3'], 'the earlier page, in order');
    assert.equal((await shown(frank.page)).length, 45, 'each once');
    assert.ok(Math.abs((await anchor()) - before) <= 2, `what the reader saw stays in place (${before} → ${await anchor()})`);
    await frank.page.locator('.webim-window .webim-history-start').waitFor({ state: 'attached', timeout: T });
    assert.equal(await frank.page.locator('.webim-window .webim-load-earlier').count(), 0, 'nothing more to load');
    await h.screenshot(frank.page, 'history-start');
    if (AXE) assert.deepEqual(await axeViolations(frank.page), [], 'axe-core with the history paged back');
    await erin.ctx.close();
    await frank.ctx.close();
  });

  test('notifications: opt-in from the settings, shown while the page is hidden, one per conversation; a click opens the chat', async () => {
    const judy = await h.signIn('judy', { ctxOptions: { permissions: ['notifications'], bypassCSP: true, reducedMotion: 'reduce' } });
    // Record the notifications the page creates; let the test say when the page is hidden.
    await judy.page.evaluate(() => {
      const Real = window.Notification;
      window.__notes = [];
      window.Notification = class extends Real {
        constructor(title, options) {
          super(title, options);
          window.__notes.push(this);
        }
      };
      Object.defineProperty(window.Notification, 'permission', { get: () => Real.permission });
      window.Notification.requestPermission = (...a) => Real.requestPermission(...a);
      window.__hidden = false;
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
    });
    assert.equal(await judy.page.evaluate(() => Notification.permission), 'granted');
    await judy.page.click('.webim-settings-btn');
    await judy.page.click('.webim-switch:has(input[name="notify"])');
    await eventually(() => judy.page.evaluate(() => window.NextIM.current().client.settings.notify === true), 'notifications on');
    if (AXE) assert.deepEqual(await axeViolations(judy.page), [], 'axe-core on the settings panel with the new switches');
    await judy.page.keyboard.press('Escape');

    const ivan = await h.signIn('ivan');
    await openChat(ivan.page, 'judy');
    await send(ivan.page, 'a first line');
    await judy.page.locator('.webim-tab[data-key="unicast:ivan"]').waitFor({ timeout: T });
    assert.equal(await judy.page.evaluate(() => window.__notes.length), 0, 'none while the page is visible');
    await judy.page.evaluate(() => {
      window.NextIM.current().client.shared.activate(null);
      window.__hidden = true;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await send(ivan.page, 'are you there?');
    await send(ivan.page, 'hello?');
    await eventually(() => judy.page.evaluate(() => window.__notes.length === 2), 'two notifications');
    const notes = await judy.page.evaluate(() => window.__notes.map((n) => ({ title: n.title, body: n.body, tag: n.tag })));
    assert.deepEqual(notes.map((n) => n.tag), ['nextim:unicast:ivan', 'nextim:unicast:ivan'], 'one per conversation: the newer replaces the older');
    assert.deepEqual(notes.map((n) => n.body), ['are you there?', 'hello?']);
    assert.match(notes[0].title, /Ivan/);
    assert.match(await judy.page.title(), /new message/, 'the title flashes as well');
    await judy.page.evaluate(() => window.__notes[1].onclick());
    await judy.page.waitForSelector('.webim-window[data-key="unicast:ivan"]', { timeout: T });
    await judy.ctx.close();
    await ivan.ctx.close();
  });

  test('on a phone: the connection banner, receipts and "load earlier messages" fit, with 44 px targets', async () => {
    const olivia = await h.signIn('olivia', { ctxOptions: { ...PHONE, bypassCSP: true, reducedMotion: 'reduce' } });
    const peggy = await h.signIn('peggy');
    await peggy.page.evaluate(async () => {
      const c = window.NextIM.current().client;
      for (let i = 1; i <= 31; i++) await c.send('unicast:olivia', `phone ${i}`);
    });
    await olivia.page.reload();
    await connected(olivia.page);
    await openChat(olivia.page, 'peggy');
    await olivia.page.locator('.webim-window .webim-load-earlier').waitFor({ timeout: T });
    await send(olivia.page, 'seen on a phone?');
    await eventually(async () => ['delivered', 'seen'].includes(await receipt(olivia.page, 'seen on a phone?')), 'a receipt');
    const cut = (route) => route.abort('internetdisconnected');
    await olivia.page.route(`${h.stack.router}/**`, cut);
    await olivia.page.route(`${h.stack.gateway}/**`, cut);
    await olivia.page.locator('.webim-window .webim-conn-banner').waitFor({ state: 'visible', timeout: 40000 });
    const layout = await olivia.page.evaluate(() => {
      const r = (sel) => document.querySelector(sel).getBoundingClientRect();
      return { banner: r('.webim-window .webim-conn-banner'), earlier: r('.webim-window .webim-load-earlier'), vw: innerWidth };
    });
    assert.ok(layout.banner.left >= 0 && layout.banner.right <= layout.vw + 1 && layout.banner.top >= 0, 'the banner is on screen');
    assert.ok(layout.earlier.height >= 44, `"load earlier" is a 44 px target (${layout.earlier.height})`);
    await h.screenshot(olivia.page, 'phone-banner');
    if (AXE) assert.deepEqual(await axeViolations(olivia.page), [], 'axe-core on the phone with the banner');
    await olivia.page.unroute(`${h.stack.router}/**`);
    await olivia.page.unroute(`${h.stack.gateway}/**`);
    await olivia.ctx.close();
    await peggy.ctx.close();
  });
});
