/**
 * Web performance benchmark: the production build (`next start`) against a real API on a fresh
 * embedded database, driven by Chromium through playwright-core, everything on localhost.
 *
 *   cd apps/web && NEXT_TELEMETRY_DISABLED=1 npx next build && cd ../.. && npx tsx scripts/bench/web/run.ts [runs]
 *
 * For each page: largest contentful paint (median of cold loads, a fresh browser context each)
 * and the JavaScript the page actually loads (encoded = gzip bytes on the wire, and decoded). The
 * reference, side by side in the same run, is the framework's own 404 page, which ships only
 * Next.js and React: the ratio says what the app adds. Targets: LCP ≤ 1.0 s and ≤ 200 kB of gzip
 * JavaScript on `/`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freePort, ROOT, startProcess, waitFor } from '@transferboard/e2e/processes';
import { startRecord } from '../lib/record';

const RUNS = Number(process.argv[2] ?? 7);
const PAGES = process.env.PAGES
  ? process.env.PAGES.split(' ')
  : [
      '/',
      '/?suite=ssl-transfer-cvpr',
      '/tasks/linear-aircraft',
      '/models/swav',
      '/compare?models=swav,supervised',
      '/analysis',
      '/submit',
      '/docs/api',
    ];
const REFERENCE = '/no-such-page';
const LCP_TARGET_MS = 1000;
const JS_TARGET_BYTES = 200 * 1024;
const record = startRecord('web');

interface Load {
  lcpMs: number;
  ttfbMs: number;
  fcpMs: number;
  jsEncoded: number;
  jsDecoded: number;
}

async function loadOnce(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const scripts: Promise<{ encoded: number; decoded: number }>[] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'script') return;
    scripts.push(
      Promise.all([request.sizes(), request.response()]).then(async ([sizes, response]) => ({
        encoded: sizes.responseBodySize,
        decoded: (await response?.body())?.length ?? 0,
      })),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const lcpMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve(entries[entries.length - 1]!.startTime);
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      }),
  );
  const { ttfbMs, fcpMs } = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { ttfbMs: nav.responseStart, fcpMs: fcp?.startTime ?? NaN };
  });
  const sizes = await Promise.all(scripts);
  await context.close();
  return {
    lcpMs,
    ttfbMs,
    fcpMs,
    jsEncoded: sizes.reduce((a, s) => a + s.encoded, 0),
    jsDecoded: sizes.reduce((a, s) => a + s.decoded, 0),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tb-bench-web-'));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const api = startProcess('tsx', ['src/main.ts'], join(ROOT, 'apps/api'), {
    API_PORT: String(apiPort),
    API_HOST: '127.0.0.1',
    DATABASE_URL: '',
    TB_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  const started = [api];
  let browser: Browser | undefined;
  try {
    await waitFor(`http://127.0.0.1:${apiPort}/readyz`, 120_000, api.child, api.output);
    const web = startProcess('next', ['start', '-p', String(webPort), '-H', '127.0.0.1'], join(ROOT, 'apps/web'), {
      API_URL: `http://127.0.0.1:${apiPort}/graphql`,
      NEXT_TELEMETRY_DISABLED: '1',
    });
    started.push(web);
    const base = `http://127.0.0.1:${webPort}`;
    await waitFor(base, 60_000, web.child, web.output);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    // Warm the server (first renders compile nothing in production, but fill the API's caches).
    for (const path of [...PAGES, REFERENCE]) await loadOnce(browser, base + path);
    const results = new Map<string, Load>();
    for (const path of [REFERENCE, ...PAGES]) {
      const loads: Load[] = [];
      for (let i = 0; i < RUNS; i++) loads.push(await loadOnce(browser, base + path));
      results.set(path, {
        lcpMs: median(loads.map((l) => l.lcpMs)),
        ttfbMs: median(loads.map((l) => l.ttfbMs)),
        fcpMs: median(loads.map((l) => l.fcpMs)),
        jsEncoded: median(loads.map((l) => l.jsEncoded)),
        jsDecoded: median(loads.map((l) => l.jsDecoded)),
      });
    }
    const ref = results.get(REFERENCE)!;
    console.log(
      `median of ${RUNS} cold loads per page (fresh context), Chromium ${browser.version()}, production build on localhost`,
    );
    console.log(
      ['page', 'TTFB ms', 'FCP ms', 'LCP ms', 'JS gzip', 'JS raw', 'JS gzip / framework-only 404'].join('\t'),
    );
    for (const [path, r] of results) {
      console.log(
        [
          path === REFERENCE ? `${path} (reference)` : path,
          r.ttfbMs.toFixed(0),
          r.fcpMs.toFixed(0),
          r.lcpMs.toFixed(0),
          kB(r.jsEncoded),
          kB(r.jsDecoded),
          (r.jsEncoded / ref.jsEncoded).toFixed(2),
        ].join('\t'),
      );
    }
    const home = results.get('/')!;
    console.log(
      `/ : LCP ${home.lcpMs.toFixed(0)} ms = ${(home.lcpMs / LCP_TARGET_MS).toFixed(2)} × the 1.0 s target; JS ${kB(home.jsEncoded)} gzip = ${(home.jsEncoded / JS_TARGET_BYTES).toFixed(2)} × the 200 kB target`,
    );
    if (home.lcpMs > LCP_TARGET_MS || home.jsEncoded > JS_TARGET_BYTES) process.exitCode = 1;
    record.write({
      runs: RUNS,
      chromium: browser.version(),
      reference: REFERENCE,
      targets: { lcpMs: LCP_TARGET_MS, jsGzipBytes: JS_TARGET_BYTES },
      medianPerPage: Object.fromEntries(results),
    });
  } finally {
    await browser?.close();
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
