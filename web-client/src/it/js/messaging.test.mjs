// Messages on bad networks and what happens to them after (issue 12): the outbox with client ids,
// receipts, paging back through history, browser notifications. Real router, gateway and web-client
// jars; Chromium through playwright-core.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { browserTests, skipReason, eventually, connected, openChat, send, axeViolations, AXE, T } from './helpers.mjs';

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
});
