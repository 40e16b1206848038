// The release site in dist/ (built by `trunk build --release`) in headless Chromium.
// Run: make test, or alone: `cd e2e && node --test app.test.js` after `make dist`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDir } from './serve.js';
import { launch } from './browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', 'dist');
const output = path.join(here, 'output');

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), `no ${dist}/index.html: run make dist`);
  // Served from a sub-path, as on a static host: every URL in dist/ must be relative.
  server = await serveDir(dist, '/zooscope/');
  browser = await launch();
  fs.mkdirSync(output, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const clockMicros = async (page) =>
  Number(await page.getByTestId('sim-clock').getAttribute('data-micros'));

test('page loads without console errors, plays, and the simulated clock advances', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });

  await page.goto(server.url);
  await page.getByRole('heading', { name: 'ZooScope' }).waitFor();
  const servers = page.getByTestId('server');
  assert.equal(await servers.count(), 5);
  for (let i = 0; i < 5; i++) {
    assert.match(await servers.nth(i).textContent(), new RegExp(`^s${i + 1}`));
  }
  assert.equal(await clockMicros(page), 0);
  assert.equal(await page.getByTestId('sim-clock').textContent(), '0.000 s');

  // By keyboard: focus the play button and press Enter.
  const play = page.getByRole('button', { name: 'Play the simulated clock' });
  await play.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid=sim-clock]').dataset.micros) >= 300000,
    null,
    { timeout: 10000 },
  );
  const pause = page.getByRole('button', { name: 'Pause the simulated clock' });
  await pause.click();
  const stopped = await clockMicros(page);
  assert.ok(stopped >= 300000, `clock at ${stopped} µs`);
  await page.waitForTimeout(200);
  assert.equal(await clockMicros(page), stopped, 'clock moved while paused');

  await page.screenshot({ path: path.join(output, 'app.png'), fullPage: true });
  assert.deepEqual(problems, [], 'console errors or failed requests');
  await page.close();
});
