// What every e2e file needs: the release site in dist/ served from a sub-path (as on a static
// host, so every URL in it must be relative), one headless Chromium for the file, and a watch
// on each page for console errors or warnings, failed requests and HTTP errors.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDir } from './serve.js';
import { launch } from './browser.js';
import { createRequire } from 'node:module';

/** axe-core, to add to a page with page.addScriptTag({ path: axePath }). */
export const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const here = path.dirname(fileURLToPath(import.meta.url));
export const dist = path.resolve(here, '..', 'dist');
/** Where screenshots go (not committed). */
export const output = path.join(here, 'output');

/**
 * Serve dist/ and start Chromium before the file's tests, stop both after. Returns an object
 * whose `server` ({ url }) and `browser` ({ context }) are set once the tests run.
 */
export function useSite() {
  const site = { server: null, browser: null };
  before(async () => {
    assert.ok(fs.existsSync(path.join(dist, 'index.html')), `no ${dist}/index.html: run make dist`);
    site.server = await serveDir(dist, '/zooscope/');
    site.browser = await launch();
    fs.mkdirSync(output, { recursive: true });
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

/** Collect what goes wrong on `page`: console errors and warnings, page errors, failed requests. */
export function watchProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/** Runs axe; prints every violation; returns the serious and critical ones, one line each. */
export async function axe(page, where) {
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const lines = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const line = `[${v.impact}] ${v.id} at ${node.target.join(' ')}: ${v.help}`;
      console.log(`${where}: ${line}\n    ${node.failureSummary?.replace(/\n/g, '\n    ')}`);
      if (v.impact === 'serious' || v.impact === 'critical') lines.push(line);
    }
  }
  return lines;
}

