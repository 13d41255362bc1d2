// What the browser tests share: a Chromium with the real stack, demo sign-in, chats, waiting for a
// condition, axe-core. `browserTests()` is used inside a describe(): it hooks before/after itself.
import { before, after } from 'node:test';
import path from 'node:path';
import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import { startStack, missing, CI, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS } from './stack.mjs';

export const T = 15000;
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export const AXE = (() => {
  try {
    return createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  } catch {
    return null;
  }
})();

/** False, or why the browser tests cannot run (under CI=true that is an error instead). */
export async function skipReason() {
  const absent = await missing();
  if (absent.length && CI) throw new Error('CI=true and the browser tests cannot run; missing:\n - ' + absent.join('\n - '));
  return absent.length ? `missing: ${absent.join('; ')}` : false;
}

/** Polls `fn` until it returns something truthy (or `ms` pass: then fails saying `what`). */
export async function eventually(fn, what, ms = T) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out: ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const connected = (page, timeout = T) => page.waitForSelector('.webim[data-state="connected"]', { state: 'attached', timeout });

export async function openChat(page, id) {
  await page.evaluate((x) => window.NextIM.current().openChat(x), id);
  await page.waitForSelector(`.webim-window[data-key="unicast:${id}"] .webim-input`, { timeout: T });
}

export async function send(page, text) {
  await page.fill('.webim-window .webim-input', text);
  await page.press('.webim-window .webim-input', 'Enter');
}

/** Serious and critical axe-core violations inside the widget (the page needs `bypassCSP`). */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document.querySelector('.webim'), { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/**
 * The stack and a browser for one describe(): `h.stack`, `h.signIn(id, {ctxOptions, path})` (a new
 * context signed in as a demo user: {ctx, page, errors}), `h.screenshot(page, name)`.
 */
export function browserTests(name, { stackOptions = {} } = {}) {
  const h = { stack: null, browser: null, contexts: [] };
  before(async () => {
    const { chromium } = await import('playwright-core');
    [h.stack, h.browser] = await Promise.all([
      startStack(stackOptions),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
    ]);
  });
  after(async () => {
    for (const c of h.contexts) await c.close().catch(() => {});
    if (h.browser) await h.browser.close();
    if (h.stack) {
      await h.stack.stop();
      await writeFile(path.join(SCREENSHOTS, `${name}-stack.log`), h.stack.logs.join('\n') + '\n').catch(() => {});
    }
  });
  h.screenshot = (page, shot) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${shot}.png`) });
  h.newContext = async (opts = {}) => {
    const ctx = await h.browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
    h.contexts.push(ctx);
    return ctx;
  };
  h.signIn = async (id, { ctxOptions = {}, path: p = '/' } = {}) => {
    const ctx = await h.newContext(ctxOptions);
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => h.stack.logs.push(`[page ${id}] ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('requestfailed', (r) => errors.push(`${r.failure()?.errorText} ${r.url()}`));
    await page.goto(h.stack.web + p);
    const button = page.locator(`.pick-user[data-user="${id}"]`);
    if (await button.count()) await button.click();
    else await page.selectOption('.pick-more', id);
    await connected(page, 2 * T); // the first page of a fresh stack is slow on a busy machine
    return { ctx, page, errors };
  };
  return h;
}
