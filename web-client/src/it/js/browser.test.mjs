// The widget in a real browser (Debian's Chromium through playwright-core) against the real router,
// gateway and web-client jars: one assertion for every feature of the issue. Screenshots go to
// target/screenshots/.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { startStack, missing, CI, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS } from './stack.mjs';
import { eventually } from './helpers.mjs';

const absent = await missing();
if (absent.length && CI) {
  throw new Error('CI=true and the browser tests cannot run; missing:\n - ' + absent.join('\n - '));
}
const skip = absent.length ? `missing: ${absent.join('; ')}` : false;

const T = 15000; // longest wait for one thing to show up

describe('web-client in Chromium', { skip, concurrency: false }, () => {
  let stack;
  let browser;
  const contexts = [];
  let shot = 0;

  before(async () => {
    const { chromium } = await import('playwright-core');
    [stack, browser] = await Promise.all([
      startStack(),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (browser) await browser.close();
    if (stack) {
      await stack.stop();
      // The jars' output, to read when a test failed (target/screenshots/stack.log).
      await writeFile(path.join(SCREENSHOTS, 'stack.log'), stack.logs.join('\n') + '\n').catch(() => {});
    }
  });

  async function screenshot(page, name) {
    shot++;
    await page.screenshot({ path: path.join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${name}.png`) });
  }

  async function newContext(opts = {}) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, ...opts });
    contexts.push(ctx);
    return ctx;
  }

  async function closeContext(ctx) {
    await ctx.close();
    contexts.splice(contexts.indexOf(ctx), 1);
  }

  function watch(page, who) {
    page.on('pageerror', (e) => stack.logs.push(`[page ${who}] ${e.message}`));
  }

  /** A browser signed in as `id` through the demo picker, widget connected. */
  async function signIn(id, { path: p = '/', lang = null, ctxOptions = {} } = {}) {
    const ctx = await newContext(ctxOptions);
    const page = await ctx.newPage();
    watch(page, id);
    await page.goto(stack.web + p + (lang ? `?lang=${lang}` : ''));
    const button = page.locator(`.pick-user[data-user="${id}"]`);
    if (await button.count()) await button.click();
    else await page.selectOption('.pick-more', id);
    await connected(page);
    return { ctx, page };
  }

  async function connected(page) {
    await page.waitForSelector('.webim[data-state="connected"]', { state: 'attached', timeout: T });
  }

  async function openBuddies(page) {
    if (!(await page.locator('.webim-panel-buddies').isVisible())) await page.click('.webim-buddies-btn');
    await page.waitForSelector('.webim-panel-buddies', { timeout: T });
  }

  async function openChat(page, id) {
    await page.evaluate((x) => window.NextIM.current().openChat(x), id);
    await page.waitForSelector(`.webim-window[data-key="unicast:${id}"] .webim-input`, { timeout: T });
  }

  async function send(page, text) {
    await page.fill('.webim-window .webim-input', text);
    await page.press('.webim-window .webim-input', 'Enter');
  }

  function message(page, text) {
    return page.locator('.webim-window .webim-msg-body', { hasText: text });
  }

  async function token(id) {
    const res = await fetch(stack.gateway + '/demo/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id }) });
    return (await res.json()).token;
  }

  async function gatewayGet(id, action, params = {}) {
    const q = new URLSearchParams(params).toString();
    const res = await fetch(`${stack.gateway}/webim/${action}${q ? '?' + q : ''}`, { headers: { Authorization: 'Bearer ' + (await token(id)) } });
    return res.json();
  }


  // ---------------------------------------------------------------------------------------------

  let alice;
  let bob;

  test('two users see each other come online and chat both ways', async () => {
    alice = await signIn('alice');
    await openBuddies(alice.page);
    assert.equal(await alice.page.locator('.webim-buddy[data-id="bob"].webim-online').count(), 0, 'bob is offline before he signs in');
    bob = await signIn('bob');
    await alice.page.waitForSelector('.webim-buddy[data-id="bob"].webim-online', { timeout: T });
    await alice.page.click('.webim-buddy[data-id="bob"]');
    await send(alice.page, 'Hi Bob! The workshop starts at 10 :)');
    await bob.page.waitForSelector('.webim-tab[data-key="unicast:alice"]', { timeout: T });
    await message(bob.page, 'The workshop starts at 10').waitFor({ timeout: T });
    await send(bob.page, 'Great, I will bring the ESP32 boards');
    await message(alice.page, 'I will bring the ESP32 boards').waitFor({ timeout: T });
    assert.equal(await message(alice.page, 'The workshop starts at 10').count(), 1, 'shown once');
    await screenshot(alice.page, 'alice-chats-with-bob');
    await screenshot(bob.page, 'bob-chats-with-alice');
  });


  test('a message refused with 429 (too many requests) shows "slow down" and goes out after Retry-After', async () => {
    let refused = 0;
    await alice.page.route('**/webim/message', (route) => {
      if (refused++ > 0) return route.continue();
      // What the gateway answers a user over GATEWAY_LIMIT_USER_REQUESTS (Retry-After is in the body too:
      // a page on another origin cannot read the header).
      return route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '2', 'access-control-allow-origin': stack.web, 'access-control-allow-credentials': 'true' },
        body: JSON.stringify({ error: 'rate_limited', message: 'too many requests from this user; retry in 2 s', retryable: true, retry_after: 2 }),
      });
    });
    await openChat(alice.page, 'bob');
    await send(alice.page, 'slow and steady wins');
    const notice = alice.page.locator('.webim-window .webim-notice', { hasText: 'Slow down' });
    await notice.waitFor({ timeout: T });
    await screenshot(alice.page, 'slow-down');
    await message(bob.page, 'slow and steady wins').waitFor({ timeout: T });
    await notice.waitFor({ state: 'hidden', timeout: T });
    assert.equal(refused, 2, 'refused once, then sent again');
    assert.equal(await alice.page.locator('.webim-window .webim-msg.webim-failed').count(), 0, 'not shown as failed');
    assert.equal(await message(bob.page, 'slow and steady wins').count(), 1, 'delivered once');
    await alice.page.unroute('**/webim/message');
  });
  test('the toolbar is fixed to the bottom of the page', async () => {
    const box = await alice.page.evaluate(() => {
      const bar = document.querySelector('.webim-bar');
      const cs = getComputedStyle(bar);
      return { position: cs.position, bottom: Math.round(innerHeight - bar.getBoundingClientRect().bottom) };
    });
    assert.deepEqual(box, { position: 'fixed', bottom: 0 });
  });

  test('buddy list: groups, online count, search, status text', async () => {
    const p = alice.page;
    await openBuddies(p);
    const groups = await p.locator('.webim-panel-buddies .webim-group').evaluateAll((els) => els.map((e) => e.dataset.group));
    assert.deepEqual(groups.filter((g) => g !== 'rooms').sort(), ['colleague', 'friend']);
    assert.match(await p.locator('.webim-online-count').innerText(), /^[1-9]\d*$/);
    await p.fill('.webim-search', 'car');
    await eventually(async () => (await p.locator('.webim-panel-buddies .webim-buddy:not(.webim-room)').evaluateAll((els) => els.map((e) => e.dataset.id))).join() === 'carol', 'search shows only carol');
    await p.fill('.webim-search', '');
    // Bob's status message shows in Alice's list.
    await bob.page.click('.webim-presence-btn');
    await bob.page.fill('.webim-status-input', 'Soldering the new boards');
    await bob.page.press('.webim-status-input', 'Enter');
    await p.locator('.webim-buddy[data-id="bob"] .webim-buddy-status', { hasText: 'Soldering the new boards' }).waitFor({ timeout: T });
  });

  test('avatars fall back to initials when the picture fails', async () => {
    const p = alice.page;
    const initials = await p.locator('.webim-buddy[data-id="bob"] .webim-initials').innerText();
    assert.equal(initials, 'B');
    const fallback = await p.evaluate(async () => {
      const ui = window.NextIM.current().ui;
      const el = ui.avatar({ id: 'xavier', nick: 'Xavier Q', pic_url: 'http://127.0.0.1:9/broken.png' });
      document.body.appendChild(el);
      for (let i = 0; i < 100 && el.querySelector('img'); i++) await new Promise((r) => setTimeout(r, 50));
      const out = { img: !!el.querySelector('img'), text: el.textContent };
      el.remove();
      return out;
    });
    assert.deepEqual(fallback, { img: false, text: 'XQ' });
  });

  test('presence menu: busy, away, invisible, offline and back, seen by a buddy', async () => {
    const p = alice.page;
    await openBuddies(p);
    const show = () => p.locator('.webim-buddy[data-id="bob"]').getAttribute('data-show');
    const choose = async (s) => {
      await bob.page.click('.webim-presence-btn');
      await bob.page.click(`.webim-menu-item[data-show="${s}"]`);
    };
    await choose('dnd');
    await eventually(async () => (await show()) === 'dnd', 'bob busy');
    await choose('away');
    await eventually(async () => (await show()) === 'away', 'bob away');
    await choose('invisible');
    await eventually(async () => (await show()) === 'unavailable', 'bob invisible looks offline');
    await choose('available');
    await eventually(async () => (await show()) === 'available', 'bob back');
    const t0 = Date.now();
    await choose('offline');
    await eventually(async () => (await show()) === 'unavailable', 'bob offline');
    assert.ok(Date.now() - t0 < 5000, 'offline is announced at once, not after the grace');
    await choose('available');
    await connected(bob.page);
    await eventually(async () => (await show()) === 'available', 'bob online again');
  });

  test('typing notices both ways', async () => {
    await openChat(alice.page, 'bob');
    await openChat(bob.page, 'alice');
    await alice.page.type('.webim-window .webim-input', 'typing a long th', { delay: 20 });
    await bob.page.locator('.webim-window .webim-typing', { hasText: 'Alice is typing' }).waitFor({ timeout: T });
    await bob.page.type('.webim-window .webim-input', 'me too', { delay: 20 });
    await alice.page.locator('.webim-window .webim-typing', { hasText: 'Bob is typing' }).waitFor({ timeout: T });
    await screenshot(bob.page, 'typing-notice');
    await alice.page.fill('.webim-window .webim-input', '');
    await bob.page.fill('.webim-window .webim-input', '');
  });

  test('emoticons from the picker are sent as emoji', async () => {
    await openChat(alice.page, 'bob');
    await alice.page.click('.webim-window .webim-emoji-btn');
    await alice.page.click('.webim-emoji-picker .webim-emoji[title="🎉"]');
    await alice.page.type('.webim-window .webim-input', ' party');
    await alice.page.press('.webim-window .webim-input', 'Enter');
    await message(bob.page, '🎉 party').waitFor({ timeout: T });
  });

  test('a sound on new messages (Web Audio) and unread counters on tabs', async () => {
    await bob.page.evaluate(() => window.NextIM.current().client.shared.activate(null)); // window closed
    const before = await bob.page.evaluate(() => window.NextIM.current().ui.chime.played);
    await openChat(alice.page, 'bob');
    await send(alice.page, 'ding?');
    await bob.page.locator('.webim-tab[data-key="unicast:alice"] .webim-tab-unread', { hasText: '1' }).waitFor({ timeout: T });
    const after = await bob.page.evaluate(() => ({ played: window.NextIM.current().ui.chime.played, ctx: !!window.NextIM.current().ui.chime.ctx }));
    assert.ok(after.played > before, 'the chime played');
    assert.ok(after.ctx, 'through an AudioContext');
    await screenshot(bob.page, 'unread-tab');
  });

  test('the title flashes while the page is hidden', async () => {
    await bob.page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await send(alice.page, 'are you there?');
    const titles = new Set();
    await eventually(async () => {
      titles.add(await bob.page.title());
      return [...titles].some((t) => t.startsWith('(1) Alice'));
    }, 'flashing title');
    await bob.page.evaluate(() => {
      delete document.hidden;
      delete document.visibilityState;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await eventually(async () => !(await bob.page.title()).startsWith('('), 'title restored');
  });

  test('history when a window opens, after a reload', async () => {
    await alice.page.reload();
    await connected(alice.page);
    await openChat(alice.page, 'bob');
    await message(alice.page, 'I will bring the ESP32 boards').waitFor({ timeout: T });
    assert.equal(await message(alice.page, 'The workshop starts at 10').count(), 1, 'own messages once, from history');
  });

  test('download history', async () => {
    await openChat(alice.page, 'bob');
    const [download] = await Promise.all([
      alice.page.waitForEvent('download', { timeout: T }),
      alice.page.click('.webim-window .webim-download-btn'),
    ]);
    assert.equal(download.suggestedFilename(), 'history-bob.html');
    const html = await readFile(await download.path(), 'utf8');
    assert.match(html, /I will bring the ESP32 boards/);
  });

  test('clear history (for the clearing user only)', async () => {
    await openChat(alice.page, 'bob');
    await alice.page.click('.webim-window .webim-clear-btn');
    await alice.page.click('.webim-window .webim-confirm-clear');
    await eventually(async () => (await alice.page.locator('.webim-window .webim-msg').count()) === 0, 'messages cleared');
    assert.deepEqual(await gatewayGet('alice', 'history', { id: 'bob', type: 'unicast' }), []);
    assert.ok((await gatewayGet('bob', 'history', { id: 'alice', type: 'unicast' })).length > 0, 'bob keeps his');
  });

  test('settings are saved through the gateway; keep buddy list open; compact layout', async () => {
    const p = alice.page;
    await p.click('.webim-settings-btn');
    const sound = p.locator('.webim-settings input[name="play_sound"]');
    assert.equal(await sound.isChecked(), true);
    await p.click('.webim-settings label:has(input[name="play_sound"])');
    await eventually(async () => (await gatewayGet('alice', 'setting')).play_sound === false, 'play_sound saved');
    assert.equal(await p.locator('.webim.webim-compact').count(), 1);
    await p.click('.webim-settings label:has(input[name="minimize_layout"])');
    await eventually(async () => (await p.locator('.webim.webim-compact').count()) === 0, 'full-width bar');
    await eventually(async () => (await gatewayGet('alice', 'setting')).minimize_layout === false, 'minimize_layout saved');
    await p.reload();
    await connected(p);
    await p.click('.webim-settings-btn');
    assert.equal(await p.locator('.webim-settings input[name="play_sound"]').isChecked(), false, 'kept across reloads');
    await p.click('.webim-settings label:has(input[name="minimize_layout"])');
    await p.click('.webim-settings label:has(input[name="play_sound"])');
    // buddy_sticky (on by default): the contact list stays open when a chat opens, and across pages.
    await openBuddies(p);
    await p.click('.webim-buddy[data-id="carol"]');
    assert.ok(await p.locator('.webim-panel-buddies').isVisible(), 'still open after opening a chat');
    await p.goto(stack.web + '/members');
    await connected(p);
    await p.waitForSelector('.webim-panel-buddies', { timeout: T });
  });

  test('notifications with an unread count', async () => {
    const p = alice.page;
    await p.locator('.webim-notify-count', { hasText: '2' }).waitFor({ timeout: T });
    await p.click('.webim-notify-btn');
    assert.equal(await p.locator('.webim-panel-notifications .webim-note').count(), 2);
    assert.match(await p.locator('.webim-panel-notifications').innerText(), /Welcome to the NextIM demo!/);
    await eventually(async () => (await p.locator('.webim-notify-count').count()) === 0, 'badge gone');
    await eventually(async () => (await gatewayGet('alice', 'notifications')).every((n) => n.read), 'marked read at the gateway');
    await screenshot(p, 'notifications');
    await p.keyboard.press('Escape');
  });

  test('tabs: overflow, and open tabs, active tab and unread survive page loads', async () => {
    const { ctx, page } = await signIn('carol', { ctxOptions: { viewport: { width: 1100, height: 720 } } });
    for (const id of ['dave', 'erin', 'frank', 'grace', 'heidi', 'ivan']) await openChat(page, id);
    await page.waitForSelector('.webim-tab-more', { timeout: T });
    await page.click('.webim-tab-more');
    assert.ok(await page.locator('.webim-panel-more .webim-menu-item').count() >= 1, 'hidden tabs in the menu');
    await page.keyboard.press('Escape');
    await openChat(page, 'ivan');
    // A message from alice while ivan's chat is active: a new tab with an unread count.
    await openChat(alice.page, 'carol');
    await send(alice.page, 'Carol, synth night on Friday?');
    await page.locator('.webim-tab[data-key="unicast:alice"] .webim-tab-unread', { hasText: '1' }).waitFor({ timeout: T });
    const state = () => page.evaluate(() => {
      const s = window.NextIM.current().client.shared;
      return { tabs: [...s.tabs], active: s.active, unread: s.unreadCount('unicast:alice') };
    });
    const before = await state();
    await screenshot(page, 'tab-overflow');
    await page.goto(stack.web + '/members');
    await connected(page);
    assert.deepEqual(await state(), before);
    await page.locator('.webim-tab[data-key="unicast:alice"] .webim-tab-unread', { hasText: '1' }).waitFor({ timeout: T });
    assert.equal(await page.locator('.webim-window').getAttribute('data-key'), 'unicast:ivan');
    await closeContext(ctx);
  });

  test('a room conversation among three with member lists', async () => {
    const dave = await signIn('dave', { path: '/groups/dev' });
    const grace = await signIn('grace');
    const ivan = await signIn('ivan');
    await dave.page.click('#open-room');
    await dave.page.waitForSelector('.webim-window[data-key="multicast:dev"]', { timeout: T });
    for (const u of [grace, ivan]) {
      await u.page.evaluate(() => window.NextIM.current().openRoom('dev'));
      await u.page.waitForSelector('.webim-window[data-key="multicast:dev"] .webim-input', { timeout: T });
    }
    for (const id of ['grace', 'ivan']) await dave.page.waitForSelector(`.webim-members .webim-member.webim-online[data-id="${id}"]`, { timeout: T });
    assert.ok(await dave.page.locator('.webim-members .webim-member[data-id="mallory"]:not(.webim-online)').count() === 1, 'offline members listed too');
    await send(dave.page, 'Standup in five minutes');
    for (const u of [grace, ivan]) await message(u.page, 'Standup in five minutes').waitFor({ timeout: T });
    await send(ivan.page, 'On my way');
    for (const u of [dave, grace]) await message(u.page, 'On my way').waitFor({ timeout: T });
    assert.equal(await dave.page.locator('.webim-window .webim-msg:has-text("On my way") .webim-msg-from').innerText(), 'Ivan');
    await screenshot(dave.page, 'room-chat');

    // Block and unblock: a blocked room delivers nothing.
    await ivan.page.click('.webim-window .webim-block-btn');
    await ivan.page.waitForSelector('.webim-window .webim-blocked-hint', { timeout: T });
    await dave.page.waitForSelector('.webim-members .webim-member[data-id="ivan"]:not(.webim-online)', { timeout: T });
    await send(dave.page, 'Ivan cannot read this');
    await message(grace.page, 'Ivan cannot read this').waitFor({ timeout: T });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await message(ivan.page, 'Ivan cannot read this').count(), 0, 'blocked');
    await screenshot(ivan.page, 'room-blocked');
    await ivan.page.click('.webim-window .webim-blocked-hint button');
    await ivan.page.waitForSelector('.webim-window[data-key="multicast:dev"] .webim-input', { timeout: T });
    await send(dave.page, 'Welcome back Ivan');
    await message(ivan.page, 'Welcome back Ivan').waitFor({ timeout: T });
    for (const u of [dave, grace, ivan]) await closeContext(u.ctx);
  });

  test('a reload inside the grace shows no offline on the other side; leaving sends refresh', async () => {
    const frank = await signIn('frank');
    const erin = await signIn('erin');
    await openBuddies(frank.page);
    await frank.page.waitForSelector('.webim-buddy[data-id="erin"].webim-online', { timeout: T });
    await frank.page.evaluate(() => {
      window.__erin = [];
      window.NextIM.current().client.on('buddy', (b) => b.id === 'erin' && window.__erin.push(b.presence));
    });
    const ticket = await erin.page.evaluate(() => window.NextIM.current().client.connection.ticket);
    await erin.page.reload();
    await connected(erin.page);
    // The left page was ended by its refresh at once (not dropped after the idle timeout): the router
    // answers a poll on its ticket 404 instead of holding it.
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 3000);
    const res = await fetch(`${stack.router}/packets?domain=localhost&ticket=${encodeURIComponent(ticket)}&cursor=999999`, { signal: ctl.signal });
    clearTimeout(timer);
    assert.equal(res.status, 404, 'refresh ended the old page');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual((await frank.page.evaluate(() => window.__erin)).filter((x) => x === 'offline'), []);
    assert.equal(await frank.page.locator('.webim-buddy[data-id="erin"].webim-online').count(), 1);
    await closeContext(erin.ctx);
    await closeContext(frank.ctx);
  });

  test('two tabs of one user both show the conversation', async () => {
    const heidi = await signIn('heidi');
    const second = await heidi.ctx.newPage();
    watch(second, 'heidi-2');
    await second.goto(stack.web + '/members');
    await connected(second);
    const olivia = await signIn('olivia');
    await openChat(olivia.page, 'heidi');
    await send(olivia.page, 'Both of your tabs should see this');
    for (const p of [heidi.page, second]) {
      await p.waitForSelector('.webim-window[data-key="unicast:olivia"]', { timeout: T });
      await message(p, 'Both of your tabs should see this').waitFor({ timeout: T });
    }
    await send(heidi.page, 'Sent from my first tab');
    await message(second, 'Sent from my first tab').waitFor({ timeout: T });
    await message(olivia.page, 'Sent from my first tab').waitFor({ timeout: T });
    await screenshot(second, 'second-tab');
    await closeContext(heidi.ctx);
    await closeContext(olivia.ctx);
  });

  test('a message to an offline user is kept, the widget says so, and it arrives at their next login', async () => {
    const mallory = await signIn('mallory');
    await openChat(mallory.page, 'judy');
    await send(mallory.page, 'Judy, the laser cutter is fixed');
    await mallory.page.locator('.webim-window .webim-notice', { hasText: 'Judy is offline' }).waitFor({ timeout: T });
    await mallory.page.locator('.webim-window .webim-msg-later').waitFor({ timeout: T });
    await screenshot(mallory.page, 'offline-message-sent');
    const judy = await signIn('judy');
    await judy.page.waitForSelector('.webim-tab[data-key="unicast:mallory"]', { timeout: T });
    await judy.page.evaluate(() => window.NextIM.current().openChat('mallory'));
    await message(judy.page, 'the laser cutter is fixed').waitFor({ timeout: T });
    await judy.page.locator('.webim-window .webim-msg-away').waitFor({ timeout: T });
    await screenshot(judy.page, 'offline-message-received');
    await closeContext(mallory.ctx);
    await closeContext(judy.ctx);
  });

  test('<script> and <img onerror> messages render as text and run nothing; links are safe; style is limited', async () => {
    const niaj = await signIn('niaj');
    // No CSP for the receiver: the widget alone must keep the page safe.
    const peggy = await signIn('peggy', { ctxOptions: { bypassCSP: true } });
    await openChat(peggy.page, 'niaj');
    await openChat(niaj.page, 'peggy');
    const evil = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned = 2">',
      'javascript:window.__pwned=3 and https://example.org/docs?a=1&b=2.'];
    for (const m of evil) await send(niaj.page, m);
    await niaj.page.evaluate(() => window.NextIM.current().client.send('unicast:peggy', 'styled text',
      'color: #c00; font-weight: bold; background: url(javascript:alert(1)); position: fixed'));
    await message(peggy.page, 'styled text').waitFor({ timeout: T });
    const body = peggy.page.locator('.webim-window .webim-messages');
    assert.ok((await body.innerText()).includes('<img src=x onerror="window.__pwned = 2">'), 'shown as text');
    assert.equal(await body.locator('img, script').count(), 0);
    assert.equal(await peggy.page.evaluate(() => window.__pwned), undefined);
    const links = await body.locator('a').evaluateAll((as) => as.map((a) => a.href));
    assert.deepEqual(links, ['https://example.org/docs?a=1&b=2']);
    const style = await message(peggy.page, 'styled text').evaluate((e) => e.getAttribute('style'));
    assert.equal(style, 'color: rgb(204, 0, 0); font-weight: bold;');
    await screenshot(peggy.page, 'xss-as-text');
    await closeContext(niaj.ctx);
    await closeContext(peggy.ctx);
  });

  test('online automatically on each page unless the user chose offline', async () => {
    const rupert = await signIn('rupert');
    const p = rupert.page;
    await p.goto(stack.web + '/members');
    await connected(p);
    await p.click('.webim-presence-btn');
    await p.click('.webim-menu-item[data-show="offline"]');
    await p.waitForSelector('.webim[data-state="disconnected"]', { state: 'attached', timeout: T });
    await p.goto(stack.web + '/groups/music');
    await p.waitForSelector('.webim[data-state="disconnected"]', { state: 'attached', timeout: T });
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(await p.locator('.webim').getAttribute('data-state'), 'disconnected', 'stays offline on the next page');
    assert.equal(await p.locator('.webim-presence-label').innerText(), 'Offline');
    await p.click('.webim-presence-btn');
    await p.click('.webim-menu-item[data-show="available"]');
    await connected(p);
    await closeContext(rupert.ctx);
  });

  test('after its page is ended (404) the widget logs in again by itself', async () => {
    const sybil = await signIn('sybil');
    const old = await sybil.page.evaluate(() => window.NextIM.current().client.connection.ticket);
    // End the page behind the widget's back: its held poll gets a 404.
    const res = await fetch(stack.gateway + '/webim/refresh', {
      method: 'POST', headers: { Authorization: 'Bearer ' + (await token('sybil')), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'ticket=' + encodeURIComponent(old),
    });
    assert.equal(res.status, 200);
    await eventually(() => sybil.page.evaluate((t) => {
      const c = window.NextIM.current().client.connection;
      return c.state === 'connected' && c.ticket && c.ticket !== t;
    }, old), 'a new ticket', 30000);
    const trent = await signIn('trent');
    await openChat(trent.page, 'sybil');
    await send(trent.page, 'Still there, Sybil?');
    await sybil.page.waitForSelector('.webim-tab[data-key="unicast:trent"]', { timeout: T });
    await closeContext(sybil.ctx);
    await closeContext(trent.ctx);
  });

  test('the Chinese UI', async () => {
    const victor = await signIn('victor', { lang: 'zh-CN' });
    const p = victor.page;
    assert.equal(await p.locator('.webim-buddies-label').innerText(), '聊天');
    await openBuddies(p);
    assert.match(await p.locator('.webim-panel-buddies h2').innerText(), /联系人/);
    assert.equal(await p.locator('.webim-search').getAttribute('placeholder'), '搜索联系人');
    await openChat(p, 'alice');
    assert.equal(await p.locator('.webim-window .webim-input').getAttribute('placeholder'), '输入消息…');
    await send(p, '你好 Alice！');
    await alice.page.waitForSelector('.webim-tab[data-key="unicast:victor"]', { timeout: T });
    await alice.page.evaluate(() => window.NextIM.current().openChat('victor'));
    await message(alice.page, '你好 Alice！').waitFor({ timeout: T });
    await screenshot(p, 'chinese-ui');
    await closeContext(victor.ctx);
  });

  test('a demo newcomer: home page with the picker, then the members page with the widget', async () => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto(stack.web + '/');
    assert.ok(await page.locator('.pick-user').count() >= 6, 'demo login picker');
    await screenshot(page, 'demo-home-signed-out');
    await closeContext(ctx);
    await alice.page.goto(stack.web + '/members');
    await connected(alice.page);
    await openBuddies(alice.page);
    await screenshot(alice.page, 'members-page-with-buddy-list');
    assert.deepEqual(stack.logs.filter((l) => l.startsWith('[page ')), [], 'no page errors');
  });
});
