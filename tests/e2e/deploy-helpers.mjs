// Helpers of the deploy suites (behind the real nginx): raw HTTP requests that show exactly
// what nginx sends (no automatic decompression), and waiting for panels to settle.
import http from 'node:http';

/** GET `url` with `headers`; resolves to { status, headers, body: Buffer } as sent on the wire. */
export function rawGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** The asset URLs index.html loads (scripts, styles, preloads, the wasm module), absolute. */
export function assetUrls(indexHtml, base) {
  const urls = new Set();
  for (const match of indexHtml.matchAll(/(?:src|href)="([^"]+)"/g)) {
    if (!match[1].startsWith('http') && !match[1].startsWith('#') && match[1] !== '/') urls.add(new URL(match[1], base).href);
  }
  return [...urls];
}

/** Waits until `scope` (a page or frame) shows at least `min` panels in its viewport and none
 * of those is loading (panels below the fold load when scrolled to); returns them as
 * [{title, state, error}]. (The page's CSP forbids eval, so the filter is written out twice.) */
export async function settledPanels(scope, { min = 1, timeout = 90_000 } = {}) {
  await scope.waitForFunction((atLeast) => {
    const panels = [...document.querySelectorAll('[data-testid="panel"]')].filter((p) => {
      const r = p.getBoundingClientRect();
      return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
    });
    return panels.length >= atLeast && panels.every((p) => p.dataset.state && p.dataset.state !== 'loading');
  }, min, { timeout });
  return scope.evaluate(() => [...document.querySelectorAll('[data-testid="panel"]')].filter((p) => {
    const r = p.getBoundingClientRect();
    return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
  }).map((p) => ({
    title: p.dataset.panelTitle,
    state: p.dataset.state,
    error: p.querySelector('[data-testid="panel-error"]')?.textContent ?? null,
  })));
}
