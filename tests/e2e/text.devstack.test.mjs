// Text panels (issue 15): markdown and html modes drawn as Grafana draws them, with variables
// interpolated, and nothing from the dashboard ever run: script, event handlers and
// `javascript:`/`data:` URLs are gone from the DOM, not merely inert. Imported from
// tests/fixtures/grafana/e2e/text-panels.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage } from './harness.mjs';

const BASE = process.env.MESHBOARD_URL;
const FIXTURE = new URL('../fixtures/grafana/e2e/text-panels.json', import.meta.url);
const url = (path) => new URL(path, BASE).href;
const SHOTS = process.env.MESHBOARD_SHOTS;

let browser;
let page;
const dialogs = [];

before(async () => {
  browser = await launch();
  page = await openPage(browser, url('dashboard/import'), { viewport: { width: 1280, height: 1000 } });
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.getByTestId('import-text').fill(readFileSync(FIXTURE, 'utf8'));
  await page.getByTestId('import-button').click();
  await page.waitForURL(/\/d\//);
  await page.getByTestId('dashboard-grid').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="text-panel-body"]').length === 3);
});
after(async () => { await browser?.close(); });

const body = (title) => page.locator(`[data-testid="panel"][data-panel-title="${title}"] [data-testid="text-panel-body"]`);

test('markdown: headings, links, lists, tables and code as elements, variables interpolated', async () => {
  const md = body('Markdown (eu-west)');
  assert.equal(await md.locator('h1').textContent(), '🧦 Welcome!');
  assert.equal(await md.locator('h3').textContent(), 'Few advices:');
  const link = md.locator('a', { hasText: 'GitHub repository' });
  assert.equal(await link.getAttribute('href'), 'https://fusakla.github.io/Prometheus2-grafana-dashboard');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.deepEqual(await md.locator('li').allTextContents(), ['The site is eu-west', 'code and struck']);
  assert.equal(await md.locator('li strong').textContent(), 'eu-west');
  assert.equal(await md.locator('li del').textContent(), 'struck');
  assert.deepEqual(await md.locator('th').allTextContents(), ['metric', 'meaning']);
  assert.deepEqual(await md.locator('td').allTextContents(), ['up', 'target is up']);
  assert.equal(await md.locator('pre code').textContent(), 'sum(rate(x[5m]))\n');
  assert.doesNotMatch(await md.textContent(), /[#*`|]/, 'no markdown syntax shown raw');
});

test('html mode keeps the allowed tags without their styles', async () => {
  const html = body('HTML');
  assert.equal(await html.locator('span').first().textContent(), 'Prometheus');
  assert.equal(await html.locator('[style]').count(), 0, 'inline styles dropped');
  assert.equal(await html.locator('p strong').textContent(), 'Meshboard');
  assert.match(await html.locator('p').textContent(), /Prometheus & Meshboard/);
  assert.equal(await html.locator('a').getAttribute('href'), '/d/meshboard-operations');
});

test('hostile content is not run and leaves no script, handler or script URL in the DOM', async () => {
  const hostile = body('Hostile');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.deepEqual(dialogs, []);
  const found = await hostile.evaluate((root) => {
    const all = [...root.querySelectorAll('*')];
    return {
      tags: [...new Set(all.map((e) => e.tagName.toLowerCase()))].sort(),
      handlers: all.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
      urls: all.flatMap((e) => ['href', 'src'].map((a) => e.getAttribute(a))).filter(Boolean),
    };
  });
  for (const tag of ['script', 'iframe', 'svg']) assert.ok(!found.tags.includes(tag), `${tag} in ${found.tags}`);
  assert.deepEqual(found.handlers, []);
  // What is left is the relative image `x` (harmless without its handler); every scripted
  // link was refused.
  assert.deepEqual(found.urls, ['x']);
  assert.match(await hostile.textContent(), /Click me or this\./);
  assert.match(await hostile.textContent(), /html link/);
  assert.match(await hostile.textContent(), /done$/);
});

test('panel links carry the time range and variables, and never a script URL', async () => {
  const panel = page.locator('[data-testid="panel"][data-panel-title="Markdown (eu-west)"]');
  await panel.getByTestId('panel-links-button').click();
  const links = panel.getByTestId('panel-link');
  assert.deepEqual(await links.allTextContents(), ['Operations for eu-west', 'Runbook']);
  const ops = new URL(await links.nth(0).getAttribute('href'), BASE);
  assert.equal(ops.pathname.endsWith('/d/meshboard-operations'), true, ops.href);
  assert.equal(ops.searchParams.get('from'), 'now-1h');
  assert.equal(ops.searchParams.get('to'), 'now');
  assert.equal(ops.searchParams.get('var-site'), 'eu-west');
  assert.equal(await links.nth(1).getAttribute('href'), 'https://example.com/runbooks/eu-west');
  assert.equal(await links.nth(1).getAttribute('target'), '_blank');
  // The import drops a link the app would not follow (core authoring's import_checked), so the
  // script link is neither a link nor listed.
  assert.equal(await panel.getByText('Sneaky').count(), 0);
  assert.equal(await panel.locator('a[href^="javascript"]').count(), 0);
  // A legacy `dashboard` link with keepTime.
  const html = page.locator('[data-testid="panel"][data-panel-title="HTML"]');
  await html.getByTestId('panel-links-button').click();
  const legacy = new URL(await html.getByTestId('panel-link').getAttribute('href'), page.url());
  assert.match(legacy.pathname, /\/d\/meshboard-security$/);
  assert.equal(legacy.searchParams.get('from'), 'now-1h');
  await html.getByTestId('panel-links-button').click();
  await panel.getByTestId('panel-links-button').click();
});

test('changing the variable re-renders the markdown', async () => {
  await page.locator('[data-testid="variable-site"] select').selectOption('us-east');
  await body('Markdown (us-east)').locator('li strong', { hasText: 'us-east' }).waitFor();
});

test('screenshots (light and dark)', { skip: !SHOTS }, async () => {
  for (const theme of ['light', 'dark']) {
    const u = new URL(page.url());
    u.searchParams.set('theme', theme);
    await page.goto(u.href);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="text-panel-body"]').length === 3);
    await page.screenshot({ path: `${SHOTS}/text-panels-${theme}.png` });
  }
});
