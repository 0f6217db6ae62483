// Accessibility end to end against the devstack (issue 19, the page level): axe-core's WCAG
// 2.0–2.2 A/AA rules on every page and every built-in dashboard in both themes, failing on any
// serious or critical finding; reflow at 320 px; reduced motion; one polite status region per
// dashboard; and a keyboard-only journey through the dashboard header, a panel menu and the
// auto-refresh pause with the focus ring measured at each step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';
import { runAxe, blocking, describe, elementCount } from './a11y-helpers.mjs';

const BASE = process.env.MESHBOARD_URL;
const RANGE = 'from=now-1h&to=now';
const THEMES = ['dark', 'light'];
const url = (path) => new URL(path, BASE).href;

let browser;
let dashboards = [];
/** page name -> theme -> {all, blocking} element counts, printed at the end for the report. */
const figures = new Map();

before(async () => {
  browser = await launch();
  const response = await fetch(url('dashboards/index.json'));
  const index = await response.json();
  dashboards = Array.isArray(index) ? index : index.dashboards;
});

after(async () => {
  await browser?.close();
  const rows = [...figures].map(([name, byTheme]) => {
    const cell = (t) => byTheme[t] ? `${byTheme[t].blocking}/${byTheme[t].all}` : '-';
    return `${name.padEnd(40)} dark ${cell('dark').padEnd(8)} light ${cell('light')}`;
  });
  console.log(`axe elements failing (serious+critical / all impacts):\n${rows.join('\n')}`);
});

/** Waits until the panels in view have answered (or 20 s passed: a slow panel is still a page
 * axe can judge), scrolling down once so panels below the fold load and are judged too. */
async function settle(page) {
  await page.locator('.content section.page').first().waitFor({ timeout: 90_000 });
  const quiet = () => page.waitForFunction(() => {
    const inView = (el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };
    return [...document.querySelectorAll('[data-testid="panel"]')]
      .filter(inView).every((p) => p.dataset.state !== 'loading');
  }, null, { timeout: 20_000, polling: 250 }).catch(() => {});
  await quiet();
  const height = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
  for (let y = 700; y < height; y += 700) {
    await page.evaluate((to) => window.scrollTo(0, to), y);
    await quiet();
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Every page of the app: [name, path, what shows it is there]. */
function pages() {
  return [
    ['home (dashboard list)', '', '[data-testid="dashboard-list"]'],
    ...dashboards.map((d) => [`dashboard ${d.uid.replace(/^meshboard-/, '')}`, `d/${d.uid}?refresh=off&${RANGE}`, '[data-testid="dashboard-grid"]']),
    ['explore metrics', `explore/metrics?query=${encodeURIComponent('sum by (job) (up)')}&${RANGE}`, '[data-testid="explore-metrics"]'],
    ['explore logs', `explore/logs?query=${encodeURIComponent('{job="agent-mesh"}')}&${RANGE}`, '.logs-view'],
    ['explore traces', `explore/traces?service=agent-mesh&operation=federated_round&from=now-6h&to=now`, '[data-testid="traces-search"]'],
    ['trace dependencies', `explore/traces/dependencies?from=now-6h&to=now`, '[data-testid="panel"]'],
    ['alerts', `alerts?${RANGE}`, '[data-testid="alerts-page"]'],
    ['import', 'dashboard/import', '[data-testid="import-page"]'],
    ['settings', 'settings', '.settings-page'],
  ];
}

test('axe: WCAG 2.0–2.2 A/AA on every page and dashboard, both themes, nothing serious or critical', async (t) => {
  const failures = [];
  for (const [name, path, ready] of pages()) {
    for (const theme of THEMES) {
      await t.test(`${name} (${theme})`, async () => {
        const join = path.includes('?') ? '&' : '?';
        const page = await openPage(browser, url(`${path}${join}theme=${theme}`));
        try {
          await page.locator(ready).first().waitFor({ timeout: 90_000 });
          await settle(page);
          const violations = await runAxe(page);
          const serious = blocking(violations);
          figures.set(name, { ...figures.get(name), [theme]: { all: elementCount(violations), blocking: elementCount(serious) } });
          if (serious.length) failures.push(`${name} (${theme}):\n${describe(serious)}`);
          assert.equal(serious.length, 0, `${name} (${theme}) has serious or critical violations:\n${describe(serious)}`);
        } finally {
          await page.context().close();
        }
      });
    }
  }
  if (failures.length) console.log(`\nEvery blocking finding:\n${failures.join('\n\n')}`);
});

/** Pages at 320 CSS px (WCAG 1.4.10): the page itself never scrolls sideways, and the top
 * bar's controls and the nav's links all stay within the width (wrapped, not cut off). */
test('reflow: every page fits 320 px without sideways scrolling, top bar controls and nav links in view', async () => {
  const problems = [];
  const narrow = [
    ['home', '', '[data-testid="dashboard-list"]'],
    ['dashboard operations', `d/meshboard-operations?refresh=off&${RANGE}`, '[data-testid="dashboard-grid"]'],
    ['explore metrics', `explore/metrics?query=${encodeURIComponent('sum by (job) (up)')}&${RANGE}`, '[data-testid="explore-metrics"]'],
    ['explore logs', `explore/logs?query=${encodeURIComponent('{job="agent-mesh"}')}&${RANGE}`, '.logs-view'],
    ['explore traces', 'explore/traces?from=now-6h&to=now', '[data-testid="traces-search"]'],
    ['alerts', `alerts?${RANGE}`, '[data-testid="alerts-page"]'],
    ['import', 'dashboard/import', '[data-testid="import-page"]'],
    ['settings', 'settings', '.settings-page'],
  ];
  for (const [name, path, ready] of narrow) {
    for (const theme of THEMES) {
      const join = path.includes('?') ? '&' : '?';
      const page = await openPage(browser, url(`${path}${join}theme=${theme}`), { viewport: { width: 320, height: 640 } });
      try {
        await page.locator(ready).first().waitFor({ timeout: 90_000 });
        await settle(page);
        const found = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          if (document.documentElement.scrollWidth > width + 1) out.push(`page is ${document.documentElement.scrollWidth}px wide`);
          for (const el of document.querySelectorAll('[data-testid="topbar"] :is(a, button, select, input)')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && (r.left < -1 || r.right > width + 1)) out.push(`${el.outerHTML.slice(0, 80)} at ${Math.round(r.left)}–${Math.round(r.right)}`);
          }
          // The nav's links wrap rather than run off the right edge (1.4.10 without loss): every
          // one wholly inside the viewport, not clipped by the nav, a 24 px target (2.5.8).
          const nav = document.querySelector('[data-testid="nav"]');
          const links = [...(nav?.querySelectorAll('a') ?? [])];
          if (links.length !== 7) out.push(`nav has ${links.length} links`);
          const box = nav?.getBoundingClientRect();
          for (const a of links) {
            const r = a.getBoundingClientRect();
            const where = `nav link ${a.textContent} at ${Math.round(r.left)}–${Math.round(r.right)} × ${Math.round(r.top)}–${Math.round(r.bottom)}`;
            if (r.left < 0 || r.right > width || r.top < 0 || r.bottom > innerHeight) out.push(`${where} leaves the viewport`);
            if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom) out.push(`${where} is clipped by the nav`);
            if (r.width < 24 || r.height < 24) out.push(`${where} is smaller than 24 px`);
          }
          return out;
        });
        if (process.env.MESHBOARD_SHOTS && theme === 'dark' || process.env.MESHBOARD_SHOTS && name === 'dashboard operations') {
          // The last nav link focused, so the shot shows its ring whole on the wrapped line.
          if (name === 'dashboard operations') await page.locator('[data-testid="nav"] a').last().focus();
          await page.screenshot({ path: `${process.env.MESHBOARD_SHOTS}/a11y-320-${name.replace(/ /g, '-')}-${theme}.png`, fullPage: false });
        }
        for (const f of found) problems.push(`${name} (${theme}): ${f}`);
      } finally {
        await page.context().close();
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('reduced motion: with prefers-reduced-motion nothing transitions or animates', async () => {
  const page = await openPage(browser, url(`d/meshboard-operations?refresh=off&${RANGE}&theme=dark`));
  try {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.locator('[data-testid="dashboard-grid"]').waitFor({ timeout: 90_000 });
    const moving = await page.evaluate(() => {
      // A probe that asks for motion inline, as a future component might.
      const probe = document.createElement('div');
      probe.style.cssText = 'transition: opacity 2s; animation: probe-spin 2s infinite';
      document.body.append(probe);
      const out = [];
      for (const el of document.querySelectorAll('*')) {
        const s = getComputedStyle(el);
        const transitions = s.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
        if (transitions || s.animationName !== 'none') out.push(el === probe ? 'the probe' : el.className || el.tagName);
      }
      probe.remove();
      return out;
    });
    assert.deepEqual(moving, []);
    // Without the preference the probe moves: the rule above is what stopped it.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    const probeMoves = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.cssText = 'transition: opacity 2s';
      document.body.append(probe);
      const d = getComputedStyle(probe).transitionDuration;
      probe.remove();
      return d;
    });
    assert.equal(probeMoves, '2s');
  } finally {
    await page.context().close();
  }
});

test('status: one polite region sums up the panels, and a refresh with the same outcome says nothing', async () => {
  const page = await openPage(browser, url(`d/meshboard-operations?refresh=off&${RANGE}&theme=dark`));
  try {
    const region = page.locator('[data-testid="page-status"]');
    await page.locator('[data-testid="dashboard-grid"]').waitFor({ timeout: 90_000 });
    assert.equal(await page.locator('[data-testid="page-status"]').count(), 1, 'one status region');
    assert.equal(await region.getAttribute('role'), 'status');
    assert.equal(await region.getAttribute('aria-live'), 'polite');
    // No panel announces on its own.
    assert.equal(await page.locator('[data-testid="panel"] [aria-live="assertive"]').count(), 0);
    await page.waitForFunction(() => /loaded/.test(document.querySelector('[data-testid="page-status"]').textContent), null, { timeout: 60_000 });
    // Wait until what the region says matches what the panels show (the last quiet moment).
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid="page-status"]').textContent;
      const states = [...document.querySelectorAll('[data-testid="panel"]')].map((p) => p.dataset.state);
      const n = (s) => states.filter((x) => x === s).length;
      const m = text.match(/^Operations: (\d+) panels? loaded/);
      return m && Number(m[1]) === n('ok') && (n('error') === 0 || text.includes(`${n('error')} failed`));
    }, null, { timeout: 60_000, polling: 250 });
    const before = await region.evaluate((el) => ({ text: el.textContent, said: Number(el.dataset.said), checks: Number(el.dataset.checks) }));
    assert.match(before.text, /^Operations: \d+ panels loaded/);
    // A manual refresh: every panel reloads with the same outcome. Once the region has judged
    // the quiet moment after it, it has said nothing new.
    await page.getByTestId('refresh-button').click();
    await page.waitForFunction((c) => Number(document.querySelector('[data-testid="page-status"]').dataset.checks) > c
      && ![...document.querySelectorAll('[data-testid="panel"]')].some((p) => {
        const r = p.getBoundingClientRect();
        return r.top < innerHeight && p.dataset.state === 'loading';
      }), before.checks, { timeout: 60_000, polling: 100 });
    const after = await region.evaluate((el) => ({ text: el.textContent, said: Number(el.dataset.said) }));
    assert.equal(after.said, before.said, `nothing new announced after the refresh (now: ${after.text})`);
    assert.equal(after.text, before.text);
  } finally {
    await page.context().close();
  }
});

/** What the focused element is and how its focus ring looks, with the ring's contrast against
 * the nearest opaque background behind the element. */
async function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    let bgEl = el.parentElement;
    let bg = null;
    while (bgEl) {
      const c = rgb(getComputedStyle(bgEl).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) { bg = c.slice(0, 3); break; }
      bgEl = bgEl.parentElement;
    }
    bg = bg || rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3);
    const s = getComputedStyle(el);
    const ring = rgb(s.outlineColor).slice(0, 3);
    const [a, b] = [lum(ring), lum(bg)].sort((x, y) => y - x);
    return {
      what: el.dataset.testid || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30) || el.tagName,
      style: s.outlineStyle, width: parseFloat(s.outlineWidth), contrast: (a + 0.05) / (b + 0.05),
    };
  });
}

for (const theme of THEMES) {
  test(`keyboard (${theme}): Tab through the header to a panel menu, pause auto-refresh, focus visible at every step`, async () => {
    const page = await openPage(browser, url(`d/meshboard-operations?refresh=1m&${RANGE}&theme=${theme}`));
    try {
      await page.locator('[data-testid="dashboard-grid"] [data-testid="panel-menu"]').first().waitFor({ timeout: 90_000 });
      await page.locator('body').focus();
      const visited = [];
      const invisible = [];
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const f = await focusInfo(page);
        if (!f) continue;
        visited.push(f.what);
        if (f.style === 'none' || f.width < 2 || f.contrast < 3) invisible.push(`${f.what}: ${f.style} ${f.width}px ${f.contrast.toFixed(2)}:1`);
        if (f.what === 'refresh-pause') {
          await page.keyboard.press('Space');
          assert.equal(await page.getByTestId('refresh-pause').getAttribute('aria-pressed'), 'true', 'Space pauses auto-refresh');
          await page.keyboard.press('Enter');
          assert.equal(await page.getByTestId('refresh-pause').getAttribute('aria-pressed'), 'false', 'Enter resumes it');
          await page.keyboard.press('Space');
        }
        if (f.what === 'panel-menu') break;
      }
      assert.deepEqual(invisible, [], `focus ring missing or faint on: ${invisible.join('; ')}`);
      for (const stop of ['refresh-button', 'refresh-picker', 'refresh-pause', 'export-json', 'panel-menu']) {
        assert.ok(visited.includes(stop), `Tab reached ${stop} (visited: ${visited.join(', ')})`);
      }
      assert.equal(new URL(page.url()).searchParams.get('refresh'), '1m', 'the interval stays in the URL while paused');
      assert.equal(await page.getByTestId('refresh-pause').getAttribute('aria-pressed'), 'true');
      // The panel menu from the keyboard: Enter opens it, Tab reaches an entry with a visible
      // ring, Escape closes it and gives the focus back to the button.
      const button = page.locator(':focus');
      await page.keyboard.press('Enter');
      assert.equal(await button.getAttribute('aria-expanded'), 'true');
      await page.keyboard.press('Tab');
      const entry = await focusInfo(page);
      assert.ok(await page.locator('[role="menu"] :focus').count() === 1, `focus is in the menu (${entry?.what})`);
      assert.ok(entry.style !== 'none' && entry.width >= 2 && entry.contrast >= 3, `menu entry ring: ${JSON.stringify(entry)}`);
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('[role="menu"]').count(), 0, 'Escape closed the menu');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'panel-menu', 'focus back on the menu button');
      if (process.env.MESHBOARD_SHOTS) await page.screenshot({ path: `${process.env.MESHBOARD_SHOTS}/a11y-keyboard-${theme}.png` });
    } finally {
      await page.context().close();
    }
  });
}

test('hover and focus cards: a panel description shows on focus and Escape hides it without moving the focus', async () => {
  const page = await openPage(browser, url(`d/meshboard-operations?refresh=off&${RANGE}&theme=dark`));
  try {
    const info = page.getByTestId('panel-description').first();
    await info.waitFor({ timeout: 90_000 });
    await info.focus();
    const card = info.locator('.panel-info-text');
    assert.ok(await card.isVisible(), 'the card shows on focus');
    await page.keyboard.press('Escape');
    assert.ok(!(await card.isVisible()), 'Escape hid it');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'panel-description');
    // Hovering brings it back, and it stays while the pointer is over the card itself.
    await info.hover();
    assert.ok(await card.isVisible(), 'the card shows again on hover');
    await card.hover();
    assert.ok(await card.isVisible(), 'the card stays while hovered');
  } finally {
    await page.context().close();
  }
});
