// The widget's parts update in place (issue 12, "Structure"): a presence or typing event changes that
// buddy's row and tab, a message appends one bubble and its receipts change that bubble; own messages
// are matched by ids, so the same body sent twice is two messages; the outbox survives a reload.
// Real router, gateway and web-client jars; Chromium through playwright-core.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, skipReason, eventually, connected, openChat, send, T, PHONE } from './helpers.mjs';

const skip = await skipReason();

/** The bodies shown in the open chat, oldest first, from `from` when given. */
const shown = (page, from) => page.evaluate((f) => [...document.querySelectorAll('.webim-window .webim-msg')]
  .filter((m) => !f || m.dataset.from === f).map((m) => m.querySelector('.webim-msg-body').textContent), from);

const client = (page, fn, arg) => page.evaluate(fn, arg);

async function openBuddies(page) {
  if (!(await page.locator('.webim-panel-buddies').isVisible())) await page.click('.webim-buddies-btn');
  await page.waitForSelector('.webim-panel-buddies', { timeout: T });
}

describe('widget components in Chromium', { skip, concurrency: false }, () => {
  const h = browserTests('components');

  test('a presence or typing event changes that buddy\'s row and tab in place; a message appends one bubble', async () => {
    const alice = await h.signIn('alice');
    const bob = await h.signIn('bob');
    const carol = await h.signIn('carol');
    await eventually(() => client(alice.page, () => ['bob', 'carol'].every((id) => window.NextIM.current().client.buddies.get(id)?.presence === 'online')), 'bob and carol online');
    await openChat(alice.page, 'bob');
    await openBuddies(alice.page);
    await openChat(bob.page, 'alice');
    // Every row, group, tab and bubble as it is now; and every element added to the widget from here on.
    await alice.page.evaluate(() => {
      const w = document.querySelector('.webim');
      window.__before = {
        rows: new Map([...w.querySelectorAll('.webim-buddy')].map((el) => [el.dataset.id || el.dataset.room, el])),
        groups: [...w.querySelectorAll('.webim-group')],
        tab: w.querySelector('.webim-tab[data-key="unicast:bob"]'),
        list: w.querySelector('.webim-buddy-scroll'),
      };
      window.__added = [];
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) window.__added.push(n);
      }).observe(w, { childList: true, subtree: true });
    });
    const carolsGroup = await alice.page.locator('.webim-buddy[data-id="carol"]').evaluate((el) => el.closest('.webim-group').dataset.group);
    const friendCount = () => alice.page.locator(`.webim-group[data-group="${carolsGroup}"] .webim-group-head .webim-muted`).innerText();
    const countBefore = await friendCount();

    // Bob goes away, Carol goes offline: their rows change (Carol's moves down), the rest stays.
    await client(bob.page, () => window.NextIM.current().client.setPresence('away', 'at lunch'));
    await alice.page.locator('.webim-buddy[data-id="bob"][data-show="away"]').waitFor({ timeout: T });
    await client(carol.page, () => window.NextIM.current().client.setPresence('offline'));
    await alice.page.locator('.webim-buddy[data-id="carol"][data-show="unavailable"]').waitFor({ timeout: T });
    await eventually(async () => (await friendCount()) !== countBefore, `the group's online count moves (${countBefore})`);
    const [on, all] = countBefore.split('/').map(Number);
    assert.equal(await friendCount(), `${on - 1}/${all}`);
    assert.match(await alice.page.locator('.webim-buddy[data-id="bob"] .webim-buddy-status').innerText(), /at lunch/);
    // Bob types to Alice: her row for him and his tab say so.
    await bob.page.type('.webim-window .webim-input', 'hm', { delay: 20 });
    await alice.page.locator('.webim-buddy[data-id="bob"] .webim-typing-text').waitFor({ timeout: T });
    await alice.page.locator('.webim-tab[data-key="unicast:bob"] .webim-typing-dots').waitFor({ timeout: T });

    const same = await alice.page.evaluate((group) => {
      const w = document.querySelector('.webim');
      const b = window.__before;
      const rows = [...w.querySelectorAll('.webim-buddy')];
      return {
        rows: rows.length === b.rows.size && rows.every((el) => b.rows.get(el.dataset.id || el.dataset.room) === el),
        groups: [...w.querySelectorAll('.webim-group')].every((g, i) => g === b.groups[i]),
        tab: w.querySelector('.webim-tab[data-key="unicast:bob"]') === b.tab,
        list: w.querySelector('.webim-buddy-scroll') === b.list,
        // A row moved to its new place is added again, but it is the same node.
        newRows: window.__added.filter((n) => n.matches('li, .webim-buddy, .webim-group, .webim-tab')
          && ![...b.rows.values()].some((el) => el.parentNode === n)).map((n) => n.outerHTML.slice(0, 80)),
        // Offline, she sorts after every buddy of her group who is online.
        carolAfterOnline: (() => {
          const inGroup = rows.filter((el) => el.closest('.webim-group').dataset.group === group);
          const at = inGroup.findIndex((el) => el.dataset.id === 'carol');
          return inGroup.every((el, i) => !el.classList.contains('webim-online') || i < at);
        })(),
      };
    }, carolsGroup);
    assert.deepEqual(same.newRows, [], 'no row, group or tab drawn anew');
    assert.ok(same.rows, 'every buddy row is the node it was');
    assert.ok(same.groups, 'the groups are the nodes they were');
    assert.ok(same.tab, 'bob\'s tab is the node it was');
    assert.ok(same.list, 'the list is the node it was');
    assert.ok(same.carolAfterOnline, 'carol, offline, moved after the online ones of her group');

    // A message appends one bubble; its receipt changes that bubble, not the others.
    await send(alice.page, 'first');
    // Bob has the chat in front of him: delivered, then seen at once.
    const through = ':is([data-state="delivered"], [data-state="seen"])';
    await alice.page.locator(`.webim-window .webim-msg.webim-mine${through}`).waitFor({ timeout: T });
    await alice.page.evaluate(() => {
      window.__bubbles = [...document.querySelectorAll('.webim-window .webim-msg')];
      window.__added = [];
    });
    await send(bob.page, 'second');
    await alice.page.locator('.webim-window .webim-msg-body', { hasText: 'second' }).waitFor({ timeout: T });
    await send(alice.page, 'third');
    await alice.page.locator(`.webim-window .webim-msg.webim-mine:last-child${through}`).waitFor({ timeout: T });
    const bubbles = await alice.page.evaluate(() => {
      const now = [...document.querySelectorAll('.webim-window .webim-msg')];
      return {
        kept: window.__bubbles.every((el) => now.includes(el)),
        added: window.__added.filter((n) => n.matches('.webim-msg')).map((n) => n.querySelector('.webim-msg-body').textContent),
      };
    });
    assert.ok(bubbles.kept, 'the bubbles shown before are the same nodes');
    assert.deepEqual(bubbles.added, ['second', 'third'], 'one bubble per new message');
    assert.deepEqual(await shown(alice.page), ['first', 'second', 'third']);
    await alice.ctx.close();
    await bob.ctx.close();
    await carol.ctx.close();
  });

  test('the same body sent twice at once is two messages, each delivered: own messages are matched by ids', async () => {
    const dave = await h.signIn('dave');
    const erin = await h.signIn('erin');
    await eventually(() => client(dave.page, () => window.NextIM.current().client.buddies.get('erin')?.presence === 'online'), 'erin online');
    await openChat(dave.page, 'erin');
    await openChat(erin.page, 'dave');
    // Both go out before either reply is back.
    await dave.page.evaluate(() => {
      const input = document.querySelector('.webim-window .webim-input');
      for (let i = 0; i < 2; i++) {
        input.value = 'ok';
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      }
    });
    assert.deepEqual(await shown(dave.page), ['ok', 'ok'], 'two bubbles at once');
    const messages = () => client(dave.page, () => window.NextIM.current().client.conversation('unicast:erin').messages
      .map((m) => ({ body: m.body, pending: !!m.pending, delivered: !!m.delivered, serverId: m.serverId || null })));
    await eventually(async () => (await messages()).every((m) => !m.pending), 'both answered');
    const model = await messages();
    assert.equal(model.length, 2);
    assert.ok(model.every((m) => m.body === 'ok' && !m.pending && m.delivered && m.serverId), JSON.stringify(model));
    assert.notEqual(model[0].serverId, model[1].serverId, 'two gateway ids');
    const ids = await dave.page.locator('.webim-window .webim-msg.webim-mine').evaluateAll((els) => els.map((e) => e.dataset.id));
    assert.deepEqual(ids, model.map((m) => m.serverId), 'each bubble carries its own gateway id');
    // Erin has the chat open in front of her: delivered, and seen at once.
    const states = await dave.page.locator('.webim-window .webim-msg.webim-mine').evaluateAll((els) => els.map((e) => e.dataset.state));
    assert.ok(states.length === 2 && states.every((x) => x === 'delivered' || x === 'seen'), `each bubble says delivered (${states})`);
    // Erin's read receipt for the first can come before the second reached her ("seen" under the first,
    // "delivered" under the second, for a moment); once she has both, one label, under the newest.
    const labels = () => dave.page.locator('.webim-window .webim-msg.webim-mine').evaluateAll((els) => els.map((e) => !!e.querySelector('.webim-receipt')));
    await eventually(async () => JSON.stringify(await labels()) === '[false,true]', 'one receipt label, under the newest');
    await eventually(async () => (await shown(erin.page, 'dave')).length === 2, 'erin has both');
    // After a reload (the history, matched by client ids) they are still two.
    await dave.page.reload();
    await connected(dave.page);
    await eventually(async () => (await shown(dave.page)).length === 2, 'two after a reload');
    assert.deepEqual(await shown(dave.page), ['ok', 'ok']);
    await dave.ctx.close();
    await erin.ctx.close();
  });

  test('outbox: messages written with the network cut survive a reload and reach the buddy once each, in order', async () => {
    const frank = await h.signIn('frank');
    const grace = await h.signIn('grace');
    await eventually(() => client(frank.page, () => window.NextIM.current().client.buddies.get('grace')?.presence === 'online'), 'grace online');
    await openChat(frank.page, 'grace');
    await openChat(grace.page, 'frank');
    // The network goes; the first message reaches the gateway and only its reply is lost, so after the
    // reload the outbox sends it again with the same client id and the gateway must not make it two.
    let lostReply = false;
    const cut = async (route) => {
      if (!lostReply && route.request().url().includes('/webim/message')) {
        lostReply = true;
        await route.fetch().catch(() => {});
      }
      await route.abort('internetdisconnected');
    };
    await frank.page.route(`${h.stack.gateway}/**`, cut);
    await frank.page.route(`${h.stack.router}/**`, cut);
    await send(frank.page, 'before the reload 1');
    await send(frank.page, 'before the reload 2');
    await eventually(() => lostReply, 'the first message reached the gateway');
    assert.equal(await frank.page.locator('.webim-window .webim-msg.webim-pending').count(), 2, 'both "sending"');
    await frank.page.reload();
    await frank.page.waitForSelector('.webim', { state: 'attached', timeout: T });
    const stored = await frank.page.evaluate(() => Object.keys(sessionStorage).filter((k) => /outbox/.test(k)).map((k) => JSON.parse(sessionStorage.getItem(k)).map((m) => m.body)));
    assert.deepEqual(stored, [['before the reload 1', 'before the reload 2']], 'kept in sessionStorage, in order');
    await frank.page.unroute(`${h.stack.gateway}/**`);
    await frank.page.unroute(`${h.stack.router}/**`);
    await connected(frank.page, 60000);
    await openChat(frank.page, 'grace');
    await eventually(async () => (await frank.page.locator('.webim-window .webim-msg.webim-mine').count()) === 2
      && (await frank.page.locator('.webim-window .webim-msg.webim-pending').count()) === 0, 'sent after the reload', 60000);
    assert.deepEqual(await shown(frank.page), ['before the reload 1', 'before the reload 2'], 'once each on the sender\'s side');
    await eventually(async () => (await shown(grace.page, 'frank')).length >= 2, 'grace has them');
    assert.deepEqual(await shown(grace.page, 'frank'), ['before the reload 1', 'before the reload 2'], 'grace: once each, in order');
    assert.deepEqual(await frank.page.evaluate(() => Object.keys(sessionStorage).filter((k) => /outbox/.test(k))), [], 'nothing left to send');
    await grace.page.reload();
    await connected(grace.page);
    await eventually(async () => (await shown(grace.page, 'frank')).length >= 2, 'grace\'s history');
    assert.deepEqual(await shown(grace.page, 'frank'), ['before the reload 1', 'before the reload 2'], 'stored once each');
    await frank.ctx.close();
    await grace.ctx.close();
  });

  test('on a phone: an open chat (the README\'s screenshot)', async () => {
    const heidi = await h.signIn('heidi', { ctxOptions: { ...PHONE, reducedMotion: 'reduce' } });
    const ivan = await h.signIn('ivan');
    await eventually(() => client(heidi.page, () => window.NextIM.current().client.buddies.get('ivan')?.presence === 'online'), 'ivan online');
    await openChat(ivan.page, 'heidi');
    await send(ivan.page, 'Are the ESP32 boards in the workshop?');
    await openChat(heidi.page, 'ivan');
    await heidi.page.locator('.webim-window .webim-msg-body', { hasText: 'ESP32' }).waitFor({ timeout: T });
    await send(heidi.page, 'Yes, on the second shelf 🙂');
    await heidi.page.locator('.webim-window .webim-msg.webim-mine:is([data-state="delivered"], [data-state="seen"])').waitFor({ timeout: T });
    await send(ivan.page, 'Great, see you at 10');
    await heidi.page.locator('.webim-window .webim-msg-body', { hasText: 'see you at 10' }).waitFor({ timeout: T });
    const box = await heidi.page.evaluate(() => {
      const r = document.querySelector('.webim-window').getBoundingClientRect();
      return { left: r.left, right: Math.round(r.right), vw: innerWidth, back: !!document.querySelector('.webim-window .webim-back-btn').offsetWidth };
    });
    assert.deepEqual(box, { left: 0, right: box.vw, vw: box.vw, back: true }, 'the chat takes the whole width, with a back button');
    await heidi.page.locator('.webim-window .webim-input').blur();
    await h.screenshot(heidi.page, 'phone-chat');
    await heidi.ctx.close();
    await ivan.ctx.close();
  });
});
