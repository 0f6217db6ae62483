// Accessibility helpers for the end-to-end suites: axe-core (pinned in package-lock.json) run
// inside a page, and its violations written so a person can read what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.0, 2.1 and 2.2 level A and AA rules. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Runs axe on the whole page and returns its violations. The script goes in through the
 * driver's evaluate (as devtools would), so the page keeps its strict CSP: a `<script>` tag
 * added to the page would be refused by it. */
export async function runAxe(page) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        impact: n.impact,
        summary: (n.failureSummary || '').split('\n').slice(1, 2).join(' ').trim(),
        html: n.html.slice(0, 160),
      })),
    }));
  }, WCAG_TAGS);
}

/** Only what blocks people: axe's serious and critical findings. */
export function blocking(violations) {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One readable paragraph per rule: impact, rule, what it asks, and up to `max` elements with
 * axe's reason (for contrast, the measured ratio and the colours). */
export function describe(violations, max = 6) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, max).map((n) => `    - ${n.target}: ${n.summary || n.html}`);
    const more = v.nodes.length > max ? [`    … and ${v.nodes.length - max} more`] : [];
    return [`  [${v.impact}] ${v.id} — ${v.help} (${v.nodes.length} elements)`, ...nodes, ...more].join('\n');
  }).join('\n');
}

/** How many elements fail, over all rules. */
export function elementCount(violations) {
  return violations.reduce((sum, v) => sum + v.nodes.length, 0);
}
