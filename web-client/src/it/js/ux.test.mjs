// The widget's usability in Chromium (issue 12): the message list stays pinned to the newest message,
// keyboard focus, phones (a mobile viewport with touch), the tab menu, the demo's toast, console
// errors after going offline, and axe-core on every state. Same stack as browser.test.mjs.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { startStack, missing, CI, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS } from './stack.mjs';
import { AXE, T, PHONE, eventually, axeViolations, connected, openChat, send } from './helpers.mjs';

const absent = await missing();
if (absent.length && CI) {
  throw new Error('CI=true and the browser tests cannot run; missing:\n - ' + absent.join('\n - '));
}
const skip = absent.length ? `missing: ${absent.join('; ')}` : false;

describe('widget usability in Chromium', { skip, concurrency: false }, () => {
  let stack;
  let browser;
  const contexts = [];

  before(async () => {
    const { chromium } = await import('playwright-core');
    [stack, browser] = await Promise.all([
      startStack({ idleTimeoutMs: 8000 }),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (browser) await browser.close();
    if (stack) {
      await stack.stop();
      await writeFile(path.join(SCREENSHOTS, 'ux-stack.log'), stack.logs.join('\n') + '\n').catch(() => {});
    }
  });

  const screenshot = (page, name) => page.screenshot({ path: path.join(SCREENSHOTS, `ux-${name}.png`) });

  async function newContext(opts = {}) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
    contexts.push(ctx);
    return ctx;
  }

  async function signIn(id, { ctxOptions = {}, path: p = '/' } = {}) {
    const ctx = await newContext(ctxOptions);
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => stack.logs.push(`[page ${id}] ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('requestfailed', (r) => errors.push(`${r.failure()?.errorText} ${r.url()}`));
    await page.goto(stack.web + p);
    const button = page.locator(`.pick-user[data-user="${id}"]`);
    if (await button.count()) await button.click();
    else await page.selectOption('.pick-more', id);
    await connected(page);
    return { ctx, page, errors };
  }

  /** Through the client (no typing): quick, and what a buddy's messages look like. */
  async function sendMany(page, key, n, prefix) {
    await page.evaluate(async ({ key, n, prefix }) => {
      const c = window.NextIM.current().client;
      for (let i = 1; i <= n; i++) await c.send(key, `${prefix} ${i}: ` + 'a fairly long line of text to fill the bubble '.repeat(2));
    }, { key, n, prefix });
  }

  /** Whether the newest message is inside the list's visible part. */
  function newestVisible(page) {
    return page.evaluate(() => {
      const list = document.querySelector('.webim-window .webim-messages');
      const msgs = list && list.querySelectorAll('.webim-msg');
      if (!msgs || !msgs.length) return false;
      const last = msgs[msgs.length - 1].getBoundingClientRect();
      const box = list.getBoundingClientRect();
      return last.bottom <= box.bottom + 1 && last.bottom > box.top;
    });
  }

  const focused = (page) => page.evaluate(() => {
    const a = document.activeElement;
    return a ? a.tagName.toLowerCase() + (a.className && typeof a.className === 'string' ? '.' + a.className.trim().split(/\s+/).join('.') : '') + (a.name ? `[name=${a.name}]` : '') : 'none';
  });

  // ---------------------------------------------------------------------------------------------

  test('bug 2: the newest message stays in view after a reload, on offline messages and when a bubble grows', async () => {
    const olivia = await signIn('olivia');
    const peggy = await signIn('peggy');
    await openChat(olivia.page, 'peggy');
    await sendMany(peggy.page, 'unicast:olivia', 25, 'from peggy');
    await olivia.page.locator('.webim-window .webim-msg-body', { hasText: 'from peggy 25:' }).waitFor({ timeout: T });
    await eventually(() => newestVisible(olivia.page), 'pinned while messages arrive');

    // After a reload the chat comes back with its history: the newest message is in view.
    await olivia.page.reload();
    await connected(olivia.page);
    await olivia.page.locator('.webim-window .webim-msg-body', { hasText: 'from peggy 25:' }).waitFor({ timeout: T });
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(await newestVisible(olivia.page), 'newest message in view after a reload');

    // Offline messages: olivia leaves, peggy writes, olivia comes back to them.
    await olivia.page.goto('about:blank');
    await eventually(() => peggy.page.evaluate(() => window.NextIM.current().client.buddies.get('olivia')?.presence === 'offline'), 'olivia offline', 30000);
    await sendMany(peggy.page, 'unicast:olivia', 12, 'while away');
    await olivia.page.goto(stack.web + '/');
    await connected(olivia.page);
    await olivia.page.locator('.webim-window .webim-msg-body', { hasText: 'while away 12:' }).waitFor({ timeout: T });
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(await newestVisible(olivia.page), 'newest offline message in view');

    // A message that fails grows a retry link: still in view.
    await olivia.page.route('**/webim/message*', (r) => r.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"bad_request","message":"refused by the test"}' }));
    await send(olivia.page, 'this one will fail');
    await olivia.page.waitForSelector('.webim-window .webim-retry', { timeout: T });
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(await newestVisible(olivia.page), 'the failed message and its retry link in view');
    await olivia.page.unroute('**/webim/message*');

    // Scrolled up, a new message does not move the list; a "new messages" button takes the user down.
    await olivia.page.evaluate(() => { document.querySelector('.webim-window .webim-messages').scrollTop = 0; });
    await new Promise((r) => setTimeout(r, 200));
    await sendMany(peggy.page, 'unicast:olivia', 1, 'while scrolled up');
    await olivia.page.locator('.webim-window .webim-msg-body', { hasText: 'while scrolled up 1:' }).waitFor({ state: 'attached', timeout: T });
    assert.equal(await olivia.page.evaluate(() => document.querySelector('.webim-window .webim-messages').scrollTop), 0, 'the reader keeps their place');
    await olivia.page.locator('.webim-window .webim-new-below').waitFor({ timeout: T });
    await screenshot(olivia.page, 'new-messages-button');
    await olivia.page.click('.webim-window .webim-new-below');
    await eventually(() => newestVisible(olivia.page), 'down to the newest');
    await olivia.page.locator('.webim-window .webim-new-below').waitFor({ state: 'hidden', timeout: T });
    await olivia.ctx.close();
    await peggy.ctx.close();
  });

  test('bug 3: keyboard focus moves into panels and back; Space on a switch keeps it; Esc closes the chat', async () => {
    const { page, ctx } = await signIn('rupert');
    for (const [btn, panel] of [['.webim-settings-btn', '.webim-panel-settings'], ['.webim-presence-btn', '.webim-panel-presence'], ['.webim-notify-btn', '.webim-panel-notifications'], ['.webim-buddies-btn', '.webim-panel-buddies']]) {
      await page.focus(btn);
      await page.keyboard.press('Enter');
      await page.waitForSelector(panel, { timeout: T });
      assert.ok(await page.evaluate((sel) => document.querySelector(sel).contains(document.activeElement), panel), `focus inside ${panel}, not ${await focused(page)}`);
      await page.keyboard.press('Escape');
      await page.waitForSelector(panel, { state: 'detached', timeout: T });
      assert.ok(await page.evaluate((sel) => document.activeElement === document.querySelector(sel), btn), `focus back on ${btn}, not ${await focused(page)}`);
    }
    // The presence menu with arrow keys.
    await page.focus('.webim-presence-btn');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.webim-panel-presence', { timeout: T });
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.show), 'dnd', `ArrowDown to the next choice, not ${await focused(page)}`);
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.show), 'offline');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.show), 'available', 'wraps around');
    await page.keyboard.press('Escape');
    await page.focus('.webim-settings-btn');
    await page.keyboard.press('Enter');
    await page.focus('.webim-settings input[name="play_sound"]');
    await page.keyboard.press('Space');
    await eventually(() => page.evaluate(() => window.NextIM.current().client.settings.play_sound === false), 'setting changed');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(await page.evaluate(() => document.activeElement === document.querySelector('.webim-settings input[name="play_sound"]')), `focus stays on the switch, not ${await focused(page)}`);
    await page.keyboard.press('Space');
    await eventually(() => page.evaluate(() => window.NextIM.current().client.settings.play_sound === true), 'setting back');
    await page.keyboard.press('Escape');
    // Esc in a chat closes it, and focus goes to its tab.
    await openChat(page, 'sybil');
    await page.focus('.webim-window .webim-input');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.webim-window', { state: 'hidden', timeout: T });
    assert.ok(await page.evaluate(() => document.activeElement === document.querySelector('.webim-tab[data-key="unicast:sybil"] .webim-tab-open')), `focus on the tab, not ${await focused(page)}`);
    await ctx.close();
  });

  for (const [name, viewport] of [['portrait', { width: 390, height: 844 }], ['landscape', { width: 844, height: 390 }]]) {
    test(`bug 4: on a phone (${name}) a contact opens full-screen over the sheet, with a back button; members in a drawer; 44 px targets`, async () => {
      const { page, ctx } = await signIn(name === 'portrait' ? 'trent' : 'victor', { ctxOptions: { ...PHONE, viewport, bypassCSP: true, reducedMotion: 'reduce' } });
      await page.tap('.webim-buddies-btn');
      await page.waitForSelector('.webim-panel-buddies .webim-buddy[data-id="alice"]', { timeout: T });
      await page.tap('.webim-buddy[data-id="alice"]');
      await page.waitForSelector('.webim-window[data-key="unicast:alice"] .webim-input', { timeout: T });
      const cover = await page.evaluate(() => {
        const w = document.querySelector('.webim-window').getBoundingClientRect();
        const hit = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
        return { x: w.left, y: w.top, w: w.width, h: w.height, onTop: !!hit && !!hit.closest('.webim-window'), vw: innerWidth, vh: Math.round(visualViewport.height) };
      });
      assert.ok(cover.onTop, 'the chat is over the contact sheet');
      assert.equal(Math.round(cover.w), cover.vw, 'full width');
      assert.ok(cover.h >= cover.vh - 1 && cover.y <= 1, `the visual viewport's full height (${JSON.stringify(cover)})`);
      await send(page, 'Hi Alice! Are the ESP32 boards in the workshop?');
      await page.locator('.webim-window .webim-msg-body', { hasText: 'ESP32 boards in the workshop' }).waitFor({ timeout: T });
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.webim-window .webim-send svg')).stroke), 'rgb(255, 255, 255)', 'a white send icon');
      const input = await page.locator('.webim-window .webim-input').boundingBox();
      assert.ok(input.y + input.height <= cover.vh, 'the input is on screen');
      await screenshot(page, `phone-${name}-chat`);
      if (AXE) assert.deepEqual(await axeViolations(page), [], 'axe-core on the phone chat');
      const small = await page.evaluate(() => [...document.querySelectorAll('.webim-window-head button, .webim-composer > button')]
        .map((b) => ({ c: b.className, r: b.getBoundingClientRect() })).filter((x) => x.r.width && (x.r.width < 44 || x.r.height < 44)).map((x) => `${x.c} ${x.r.width}x${x.r.height}`));
      assert.deepEqual(small, [], 'touch targets of 44 px at least');
      await page.tap('.webim-window .webim-back-btn');
      await page.waitForSelector('.webim-window', { state: 'hidden', timeout: T });
      assert.ok(await page.locator('.webim-panel-buddies').isVisible(), 'back to the contact list');
      const barSmall = await page.evaluate(() => [...document.querySelectorAll('.webim-bar button, .webim-tab')]
        .map((b) => ({ c: b.className, r: b.getBoundingClientRect() })).filter((x) => x.r.width && (x.r.width < 44 || x.r.height < 44)).map((x) => `${x.c} ${x.r.width}x${x.r.height}`));
      assert.deepEqual(barSmall, [], 'bar targets of 44 px at least');
      // A room: members in a drawer, not beside the messages.
      await page.evaluate(() => window.NextIM.current().openRoom('lobby'));
      await page.waitForSelector('.webim-window[data-key="multicast:lobby"] .webim-input', { timeout: T });
      assert.equal(await page.locator('.webim-window .webim-members').isVisible(), false, 'members closed at first');
      const list = await page.locator('.webim-window .webim-messages').boundingBox();
      const win = await page.locator('.webim-window').boundingBox();
      assert.ok(Math.abs(list.width - win.width) < 2, `the messages take the whole width (${list.width} of ${win.width})`);
      await page.tap('.webim-window .webim-members-btn');
      await page.waitForSelector('.webim-window .webim-members', { state: 'visible', timeout: T });
      assert.ok(await page.evaluate(() => getComputedStyle(document.querySelector('.webim-window .webim-members')).position === 'absolute'), 'a drawer over the messages');
      await screenshot(page, `phone-${name}-members`);
      if (AXE) assert.deepEqual(await axeViolations(page), [], 'axe-core with the members drawer open');
      await page.tap('.webim-window .webim-members-btn');
      await page.waitForSelector('.webim-window .webim-members', { state: 'hidden', timeout: T });
      await ctx.close();
    });
  }

  test('bug 6: the "more" tab menu opens next to its button', async () => {
    const { page, ctx } = await signIn('carol', { ctxOptions: { viewport: { width: 1100, height: 720 } } });
    for (const id of ['dave', 'erin', 'frank', 'grace', 'heidi', 'ivan']) await openChat(page, id);
    await page.click('.webim-tab-more');
    await page.waitForSelector('.webim-panel-more', { timeout: T });
    const [b, m] = await Promise.all([page.locator('.webim-tab-more').boundingBox(), page.locator('.webim-panel-more').boundingBox()]);
    assert.ok(Math.abs(m.x - b.x) < 24 || Math.abs(m.x + m.width - (b.x + b.width)) < 24, `menu at x=${m.x}, button at x=${b.x}`);
    assert.ok(m.y + m.height <= b.y + 2 && b.y - (m.y + m.height) < 24, 'right above its button');
    await page.keyboard.press('Escape');
    await ctx.close();
  });

  test('bug 6: the demo\'s sign-in toast does not cover the picker', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const ctx = await newContext({ viewport });
      const page = await ctx.newPage();
      await page.goto(stack.web + '/members');
      await page.click('[data-chat="alice"]');
      await page.waitForSelector('.site-flash', { timeout: T });
      const overlap = await page.evaluate(() => {
        const f = document.querySelector('.site-flash').getBoundingClientRect();
        return [...document.querySelectorAll('.pick-user, .pick-more')].some((e) => {
          const r = e.getBoundingClientRect();
          return r.left < f.right && f.left < r.right && r.top < f.bottom && f.top < r.bottom;
        });
      });
      assert.equal(overlap, false, `toast over the picker at ${viewport.width} px`);
      await ctx.close();
    }
  });

  // The poll held when the user goes offline used to be answered by the router with a JSON 404 (the
  // spec's answer for a dead ticket's poll, HttpPoll.pageEnded), which Chromium's ORB blocks with a red
  // error; removing the script element does not cancel its request. The widget now gets the held poll
  // answered first (JsonpTransport.release: a second poll on the ticket, a fetch it can cancel), then
  // ends the page. The cancelled fetch is no error (ERR_ABORTED, our own doing).
  test('bug 6: no red console error (ERR_BLOCKED_BY_ORB) after going offline', async () => {
    const { page, ctx, errors } = await signIn('niaj');
    await page.waitForFunction(() => [...document.scripts].some((s) => /\/packets\?/.test(s.src)), null, { timeout: T }); // a poll is held
    await page.click('.webim-presence-btn');
    await page.click('.webim-menu-item[data-show="offline"]');
    await page.waitForSelector('.webim[data-state="disconnected"]', { state: 'attached', timeout: T });
    await eventually(() => page.evaluate(() => window.NextIM.current().client.connection.transport.inflight.size === 0), 'the held poll answered');
    // Whatever the router still answers reaches the page by now; an error would have shown.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 1000)));
    assert.deepEqual(errors.filter((e) => /ORB|packets/.test(e) && !/ERR_ABORTED/.test(e)), []);
    await page.click('.webim-presence-btn');
    await page.click('.webim-menu-item[data-show="available"]');
    await connected(page);
    await ctx.close();
  });

  test('day separators (Today, Yesterday, a date) and times in the browser\'s locale', async () => {
    const { page, ctx } = await signIn('heidi', { ctxOptions: { locale: 'en-GB' } });
    await openChat(page, 'ivan');
    const days = await page.evaluate(async () => {
      const c = window.NextIM.current().client;
      const now = Date.now();
      const at = (d, h) => { const x = new Date(now - d * 86400000); x.setHours(h, 15, 0, 0); return x.getTime(); };
      [[3, 15], [1, 9], [0, 0]].forEach(([d, h], i) => c._message({ id: 'day' + i, from: 'ivan', nick: 'Ivan', to: c.me, type: 'unicast', timestamp: at(d, h), body: 'day message ' + i }));
      await new Promise((r) => setTimeout(r, 50));
      return [...document.querySelectorAll('.webim-window .webim-day')].map((e) => e.textContent);
    });
    assert.equal(days.length, 3, days.join());
    assert.match(days[0], /^[A-Z][a-z]{2}/);
    assert.deepEqual(days.slice(1), ['Yesterday', 'Today']);
    const time = await page.locator('.webim-window .webim-msg:has-text("day message 0") .webim-msg-time').innerText();
    assert.equal(time, '15:15', 'en-GB: a 24-hour clock');
    await screenshot(page, 'day-separators');
    await ctx.close();
  });

  test('accessibility: axe-core finds no serious or critical violation in any state', { skip: AXE ? false : 'axe-core not installed (npm ci)' }, async () => {
    // Reduced motion: axe measures contrast at once, not after a panel's fade-in.
    const judy = await signIn('judy', { ctxOptions: { bypassCSP: true, reducedMotion: 'reduce' } });
    const { page } = judy;
    const found = [];
    async function check(state) {
      for (const v of await axeViolations(page)) found.push(`${state}: ${v}`);
    }
    await check('bar');
    for (const btn of ['.webim-buddies-btn', '.webim-presence-btn', '.webim-notify-btn', '.webim-settings-btn']) {
      await page.click(btn);
      await page.waitForSelector('.webim-panel:not([hidden])', { timeout: T });
      await check(btn.replace('.webim-', '').replace('-btn', '') + ' panel');
      await page.keyboard.press('Escape');
    }
    await openChat(page, 'mallory');
    await send(page, 'hello Mallory');
    await page.locator('.webim-window .webim-msg-body', { hasText: 'hello Mallory' }).waitFor({ timeout: T });
    await check('chat');
    await page.evaluate(() => window.NextIM.current().openRoom('dev'));
    await page.waitForSelector('.webim-window[data-key="multicast:dev"] .webim-members', { timeout: T });
    await check('room');
    assert.deepEqual(found, [], 'no serious or critical axe violation');
    // The chat dialog has a name; toggles expose their state; presence is text as well as colour.
    const facts = await page.evaluate(() => {
      const w = document.querySelector('.webim-window');
      const label = w.getAttribute('aria-labelledby') ? document.getElementById(w.getAttribute('aria-labelledby'))?.textContent : w.getAttribute('aria-label');
      return {
        dialogName: label || '',
        members: document.querySelector('.webim-members-btn').getAttribute('aria-pressed'),
        block: document.querySelector('.webim-block-btn').getAttribute('aria-pressed'),
        memberPresence: [...document.querySelectorAll('.webim-member')].every((m) => /available|offline/i.test(m.getAttribute('aria-label') || m.textContent)),
      };
    });
    assert.ok(/^(Developers|dev)$/.test(facts.dialogName), `the dialog is named after the room (${facts.dialogName})`);
    assert.ok(['true', 'false'].includes(facts.members) && ['true', 'false'].includes(facts.block), 'toggles expose aria-pressed');
    assert.ok(facts.memberPresence, 'members say online/offline in words');
    await page.click('.webim-buddies-btn');
    const buddyPresence = await page.evaluate(() => [...document.querySelectorAll('.webim-buddy:not(.webim-room)')]
      .every((b) => /available|offline|away|busy|invisible/i.test(b.getAttribute('aria-label') || b.textContent)));
    assert.ok(buddyPresence, 'buddies say their presence in words');
    await screenshot(page, 'axe-room');
    await judy.ctx.close();
  });
});
