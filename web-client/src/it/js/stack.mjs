// Starts the real router, gateway and web-client jars on free ports for the browser tests, and finds
// Chromium and playwright-core. Under CI=true anything missing is an error, never a skip.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const moduleDir = path.resolve(here, '../../..');
const repo = path.resolve(moduleDir, '..');

export const CI = process.env.CI === 'true';
export const JARS = {
  router: process.env.ROUTER_JAR || path.join(repo, 'im-router/target/im-router.jar'),
  gateway: process.env.GATEWAY_JAR || path.join(repo, 'community-gateway/target/community-gateway.jar'),
  web: process.env.WEB_JAR || path.join(moduleDir, 'target/web-client.jar'),
};
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = process.env.SCREENSHOT_DIR || path.join(moduleDir, 'target/screenshots');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];

/** What is missing to run the browser tests (empty when nothing is). */
export async function missing() {
  const out = [];
  if (!existsSync(CHROMIUM)) out.push(`Chromium at ${CHROMIUM} (apt-get install chromium)`);
  try {
    await import('playwright-core');
  } catch {
    out.push('the npm package playwright-core (npm ci in web-client)');
  }
  for (const [name, jar] of Object.entries(JARS)) if (!existsSync(jar)) out.push(`the ${name} jar at ${jar} (mvn package)`);
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `java -jar` and resolves with the port from its "listening on HOST:PORT" line. */
export function startJar(name, jar, env, logs) {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', jar], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // else its pipes keep the test process alive
      reject(new Error(`${name} did not start in 120 s:\n${out}`));
    }, 120000);
    const onData = (d) => {
      out += d;
      logs.push(`[${name}] ${d}`.trimEnd());
      const m = out.match(/listening on [^\s:]+:(\d+)/);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.on('data', (x) => logs.push(`[${name}] ${x}`.trimEnd()));
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => logs.push(`[${name}!] ${d}`.trimEnd()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${out}`));
    });
  });
}

export async function startStack({ pollTimeoutMs = 10000, idleTimeoutMs = 8000 } = {}) {
  const logs = [];
  const children = [];
  const stop = async () => {
    for (const c of children.reverse()) {
      if (c.exitCode === null) {
        c.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            c.kill('SIGKILL');
            r();
          }, 5000);
          c.once('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
    }
  };
  try {
    const router = await startJar('router', JARS.router, {
      ROUTER_PORT: '0', ROUTER_HOST: '127.0.0.1', ROUTER_POLL_TIMEOUT_MS: String(pollTimeoutMs), ROUTER_IDLE_TIMEOUT_MS: String(idleTimeoutMs),
    }, logs);
    children.push(router.child);
    const routerUrl = `http://127.0.0.1:${router.port}`;
    const webPort = await freePort();
    const web = `http://127.0.0.1:${webPort}`;
    const gateway = await startJar('gateway', JARS.gateway, {
      GATEWAY_PORT: '0', GATEWAY_HOST: '127.0.0.1', GATEWAY_ROUTER_URL: routerUrl, GATEWAY_DEMO: 'true',
      GATEWAY_DB_URL: `jdbc:h2:mem:webtest${webPort};DB_CLOSE_DELAY=-1`, GATEWAY_ALLOWED_ORIGINS: web,
    }, logs);
    children.push(gateway.child);
    const gatewayUrl = `http://127.0.0.1:${gateway.port}`;
    const webJar = await startJar('web', JARS.web, {
      WEB_PORT: String(webPort), WEB_HOST: '127.0.0.1', WEB_GATEWAY_URL: gatewayUrl, WEB_POLL_TIMEOUT_MS: String(pollTimeoutMs),
    }, logs);
    children.push(webJar.child);
    // Not emptied: every test file starts its own stack, and each file's screenshots are to stay.
    mkdirSync(SCREENSHOTS, { recursive: true });
    return { web, gateway: gatewayUrl, router: routerUrl, logs, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
