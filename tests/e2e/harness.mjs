// Shared end-to-end helpers: one headless Chromium per suite, pages that record every console
// error, page error and CSP violation, so each test can assert the app ran cleanly.
import { chromium } from 'playwright-core';

// The machine has no internet: these flags stop Chromium from trying to reach it.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launch() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  // A freshly launched Chromium's first navigation sometimes stalls for minutes on the shared
  // machines while later ones take a second: absorb that once per browser, before any test.
  const warmUp = process.env.MESHBOARD_URL || process.env.MESHBOARD_ROOT_URL;
  if (warmUp) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await gotoWithRetry(page, warmUp, 8).catch(() => {});
    await context.close();
  }
  return browser;
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

// The first request to a freshly started `cargo xtask serve` server sometimes stalls while
// later ones answer in milliseconds (seen on the shared CI machines; not with nginx). Retry
// with a short deadline per attempt so one stalled connection does not fail the suite.
async function gotoWithRetry(page, url, attempts = 5) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 20_000 });
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('Timeout')) throw error;
    }
  }
}

export function search(page) {
  return new URL(page.url()).searchParams;
}
