// Shared end-to-end helpers: one headless Chromium per suite, pages that record every console
// error, page error and CSP violation, so each test can assert the app ran cleanly.
import { chromium } from 'playwright-core';

// The machine has no internet: these flags stop Chromium from trying to reach it.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Opens a page that collects problems into `page.problems`. */
export async function openPage(browser, url, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // Shared, loaded CI machines: the first visit compiles ~2 MB of wasm with a cold code cache.
  // Tests wait for what a user sees; these are only the outer deadlines.
  page.setDefaultNavigationTimeout(120_000);
  page.setDefaultTimeout(60_000);
  page.problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  // Init scripts are injected by the driver, so they run even under the strict CSP.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  // `load` would also wait for the wasm to compile (the boot module awaits it); the tests wait
  // for the elements they need instead.
  page.mainResponse = url ? await gotoWithRetry(page, url) : null;
  return page;
}

// Navigations used to stall on a fresh `cargo xtask serve` server: tiny_http's connection pool
// lost a wake-up when a page opened several connections at once (xtask/src/http1.rs replaced
// it). The short per-attempt deadline with retries stays as a guard for the loaded machines.
async function gotoWithRetry(page, url, attempts = 5) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 20_000 });
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('Timeout')) throw error;
    }
  }
}

/** Drags the mouse across the middle of `target` from 30 % to 70 % of its width, as a user
 * selecting a time range on a chart does (the overlay canvas takes the pointer). */
export async function dragAcross(page, target) {
  const box = await target.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
  await page.mouse.up();
}

export function search(page) {
  return new URL(page.url()).searchParams;
}
