// The router's admin console (im-router/src/main/resources/admin/, served at /admin/) in Chromium against
// the real router jar: sign in with the token, create a tenant and see its key once, drive traffic with
// that key and watch the charts and tables move, rotate, disable (the tenant's calls then answer 403)
// and delete. The screenshot goes to target/screenshots/admin-console.png (docs/img/ keeps a copy).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { startJar, missing, CI, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, JARS } from './stack.mjs';

const absent = (await missing()).filter((m) => !m.includes('gateway') && !m.includes('web jar'));
if (absent.length && CI) {
  throw new Error('CI=true and the admin console test cannot run; missing:\n - ' + absent.join('\n - '));
}
const skip = absent.length ? `missing: ${absent.join('; ')}` : false;

const T = 15000;
const TOKEN = 'console-test-token-0123456789abcdef';

describe('admin console in Chromium', { skip, concurrency: false }, () => {
  let router;
  let base;
  let browser;
  let page;
  const logs = [];
  const problems = [];

  before(async () => {
    const { chromium } = await import('playwright-core');
    const started = await startJar('router', JARS.router, {
      ROUTER_PORT: '0', ROUTER_HOST: '127.0.0.1', ROUTER_ADMIN_TOKEN: TOKEN, ROUTER_POLL_TIMEOUT_MS: '2000',
    }, logs);
    router = started.child;
    base = `http://127.0.0.1:${started.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // A 401 for the wrong token is expected; anything else (a CSP violation, a script error) is not.
      if (m.type() === 'error' && !m.text().includes('401')) problems.push(`console: ${m.text()}`);
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    if (browser) await browser.close();
    if (router && router.exitCode === null) {
      router.kill('SIGTERM');
      await new Promise((r) => router.once('exit', r));
    }
  });

  /** A REST call of the router as a tenant, the way a site's gateway makes it. */
  async function rest(pathName, params, key, domain = 'shop.example') {
    const body = new URLSearchParams({ domain, apikey: key, ...params });
    const r = await fetch(`${base}${pathName}`, { method: 'POST', body });
    return { status: r.status, text: await r.text() };
  }

  async function latest(chart) {
    return JSON.parse((await page.getAttribute(`#chart-${chart}`, 'data-latest')) || '{}');
  }

  test('a wrong token is refused and the right one signs in', async () => {
    await page.goto(`${base}/admin/`);
    await page.fill('#token', 'not-the-token');
    await page.click('#login-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('login-error').textContent.length > 0, null, { timeout: T });
    assert.match(await page.textContent('#login-error'), /not the admin token/);
    assert.equal(await page.isVisible('#app'), false);

    await page.fill('#token', TOKEN);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('body[data-state="signed-in"]', { timeout: T });
    await page.waitForSelector('#nodes tbody tr', { timeout: T });
    assert.match(await page.textContent('#summary'), /1 node, 0 users online/);
    // The seeded domain (ROUTER_DOMAINS default) is listed.
    await page.waitForSelector('#tenants tr[data-domain="localhost"]', { timeout: T });
    // A reload keeps the token (sessionStorage, this tab only).
    await page.reload();
    await page.waitForSelector('body[data-state="signed-in"]', { timeout: T });
  });

  let key;
  test('a tenant is created and its key shown once', async () => {
    await page.fill('#new-domain', 'shop.example');
    await page.fill('#new-max', '100');
    await page.click('#create-form button[type=submit]');
    await page.waitForSelector('#secret:not([hidden])', { timeout: T });
    key = (await page.textContent('#secret-key')).trim();
    assert.match(key, /^[A-Za-z0-9_-]{32}$/);
    const row = page.locator('#tenants tr[data-domain="shop.example"]');
    await row.waitFor({ timeout: T });
    assert.match(await row.locator('.limits').textContent(), /users: 100/);
    assert.equal((await rest('/onlines', { names: 'x' }, key)).status, 200);
    await page.click('#secret-done');
    assert.equal(await page.isVisible('#secret'), false);
    assert.equal(await page.evaluate(() => document.body.textContent.includes(window.__key || '')), true);
    assert.equal((await page.content()).includes(key), false, 'the key is gone from the page');
  });

  test('traffic moves the charts and the tables', async () => {
    const alice = JSON.parse((await rest('/presences/online', { name: 'alice', nick: 'Alice', buddies: 'bob' }, key)).text).ticket;
    const bob = JSON.parse((await rest('/presences/online', { name: 'bob', nick: 'Bob', buddies: 'alice' }, key)).text).ticket;
    await page.click('.toggle button[data-by="domain"]');
    let stop = false;
    let sent = 0;
    const polling = (async () => {
      let cursor = 0;
      while (!stop) {
        const r = await fetch(`${base}/packets?domain=shop.example&ticket=${bob}&cursor=${cursor}`);
        const json = await r.json();
        cursor = json.cursor ?? cursor;
      }
    })();
    const sending = (async () => {
      while (!stop) {
        const r = await rest('/messages', { ticket: alice, to: 'bob', body: `m${sent}` }, key);
        assert.equal(r.status, 200, r.text);
        sent++;
        await new Promise((res) => setTimeout(res, 150));
      }
    })();
    try {
      await page.waitForFunction(() => {
        const l = JSON.parse(document.getElementById('chart-messages').dataset.latest || '{}');
        const d = JSON.parse(document.getElementById('chart-deliveries').dataset.latest || '{}');
        const o = JSON.parse(document.getElementById('chart-online').dataset.latest || '{}');
        return l['shop.example'] > 1 && d['shop.example'] > 1 && o['shop.example'] === 2;
      }, null, { timeout: 20000 });
      await page.waitForFunction(() => {
        const row = document.querySelector('#tenants tr[data-domain="shop.example"]');
        return row && row.querySelector('.online').textContent === '2' && Number(row.querySelector('.today').textContent) > 3;
      }, null, { timeout: T });
      const rate = (await latest('messages'))['shop.example'];
      assert.ok(rate > 1 && rate < 20, `about 6 messages/s: ${rate}`);
      assert.match(await page.textContent('#summary'), /2 users online/);
      await page.click('.toggle button[data-by="node"]');
      await page.waitForFunction(() => Number(document.querySelector('#nodes tbody tr td:nth-child(3)').textContent) === 2, null, { timeout: T });
      await page.waitForFunction(() => Number(document.querySelector('#nodes tbody tr td:nth-child(6)').textContent) > 1, null, { timeout: T });
      await page.click('.toggle button[data-by="domain"]');
      await page.waitForTimeout(2500); // one more sample with the domain series, for the screenshot
      await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-console.png'), fullPage: true });
    } finally {
      stop = true;
      await sending;
      await rest('/presences/offline', { ticket: bob }, key); // ends bob's held poll
      await polling.catch(() => {});
    }
    // The charts fall back once the traffic stops.
    await page.waitForFunction(() => JSON.parse(document.getElementById('chart-messages').dataset.latest || '{}')['shop.example'] === 0,
      null, { timeout: T });
  });

  test('rotate, disable, enable and delete from the table', async () => {
    const row = page.locator('#tenants tr[data-domain="shop.example"]');
    await row.locator('button[data-action="rotate"]').click();
    await page.waitForSelector('#secret:not([hidden])', { timeout: T });
    const rotated = (await page.textContent('#secret-key')).trim();
    assert.notEqual(rotated, key);
    assert.match(await page.textContent('#secret-title'), /previous key works until/);
    await page.click('#secret-done');
    assert.equal((await rest('/onlines', { names: 'x' }, rotated)).status, 200);
    assert.equal((await rest('/onlines', { names: 'x' }, key)).status, 200, 'the old key within its overlap');

    await row.locator('button[data-action="limits"]').click();
    await page.fill('tr.edit input[name="messages_per_second"]', '50');
    await page.click('tr.edit button[type=submit]');
    await page.waitForFunction(() => /msg\/s: 50/.test(document.querySelector('#tenants tr[data-domain="shop.example"] .limits').textContent), null, { timeout: T });

    await row.locator('button[data-action="disable"]').click();
    await page.waitForSelector('#tenants tr[data-domain="shop.example"][data-enabled="false"]', { timeout: T });
    const refused = await rest('/onlines', { names: 'x' }, rotated);
    assert.equal(refused.status, 403);
    assert.equal(JSON.parse(refused.text).error, 'domain_disabled');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-console-disabled.png') });
    await row.locator('button[data-action="enable"]').click();
    await page.waitForSelector('#tenants tr[data-domain="shop.example"][data-enabled="true"]', { timeout: T });
    assert.equal((await rest('/onlines', { names: 'x' }, rotated)).status, 200);

    await row.locator('button[data-action="delete"]').click();
    await row.locator('button[data-action="delete-confirm"]').click();
    await page.waitForSelector('#tenants tr[data-domain="shop.example"]', { state: 'detached', timeout: T });
    assert.equal((await rest('/onlines', { names: 'x' }, rotated)).status, 401);
  });

  test('no script error and no CSP violation on the way', () => {
    assert.deepEqual(problems, []);
  });
});
