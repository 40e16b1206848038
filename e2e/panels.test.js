// The inspector, the console and the invariant panel in the release build, in headless Chromium.
// Run: make test, or alone: `cd e2e && node --test panels.test.js` after `make dist`.
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

test('select a server and see its tree; alice creates /demo in the console and the answer appears', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()}`));

  await page.goto(server.url);
  await page.getByRole('heading', { name: 'ZooScope' }).waitFor();

  const inspector = page.getByTestId('inspector');
  assert.equal(await inspector.getAttribute('data-selected'), 'none');
  await page.getByTestId('inspector-hint').waitFor();

  // Select s1 in the cluster view.
  await page.locator('[data-testid=server][data-server=s1]').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=inspector]').dataset.selected === 's1',
    null,
    { timeout: 5000 },
  );
  await inspector.locator('[data-testid=server-detail][data-server=s1]').waitFor();
  // A fresh server's tree: / with /zookeeper, /zookeeper/config and /zookeeper/quota.
  for (const p of ['/', '/zookeeper', '/zookeeper/config', '/zookeeper/quota']) {
    await inspector.locator(`[data-testid=znode][data-path="${p}"]`).waitFor();
  }

  // Let the ensemble elect and the clients connect (at time 0 no server serves yet: a request
  // then fails with CONNECTIONLOSS, as in ZooKeeper), at 1x, then pause.
  await page.getByTestId('speed').fill('9');
  await page.getByRole('button', { name: 'Play the simulated clock' }).click();
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid=sim-clock]').dataset.micros) >= 2000000,
    null,
    { timeout: 10000 },
  );
  await page.getByRole('button', { name: 'Pause the simulated clock' }).click();

  // The console, as alice (the first client), while paused: the command waits.
  const select = page.getByTestId('console-client');
  assert.equal(await select.inputValue(), 'alice');
  const input = page.getByTestId('console-input');
  await input.fill('create /demo hello');
  await input.press('Enter');
  await page.getByTestId('console-pending').waitFor();
  assert.match(await page.getByTestId('console-pending').textContent(), /press Play or →/);
  assert.equal(await input.inputValue(), '', 'the field is cleared');
  const paused = await clockMicros(page); // the command happens at the next whole millisecond
  // Typing in the field must not trigger the page's shortcuts (space plays).
  await input.type('ls / ');
  assert.equal(await clockMicros(page), paused, 'typing a space started the clock');
  await input.fill('');

  // Play until the answer reaches alice.
  await page.getByRole('button', { name: 'Play the simulated clock' }).click();
  const answer = page.locator('[data-testid=console-line][data-kind=answer]', { hasText: 'Created /demo' });
  await answer.waitFor({ timeout: 20000 });
  await page.getByRole('button', { name: 'Pause the simulated clock' }).click();
  assert.equal(await page.getByTestId('console-pending').count(), 0);
  assert.match(await page.locator('[data-testid=console-output]').textContent(), /alice> create \/demo hello/);

  // s1 has applied it too (followers apply a commit a moment after the leader).
  await inspector.locator('[data-testid=znode][data-path="/demo"]', { hasText: '"hello"' }).waitFor({ timeout: 5000 });

  // The log tab shows the create, committed.
  await inspector.getByTestId('tab-log').click();
  await inspector.locator('[data-testid=log-entry][data-committed=true]', { hasText: 'create /demo "hello"' }).waitFor();

  // The invariants: the Zab checkers and (the default scenario runs locks) mutual exclusion hold.
  const checkers = page.getByTestId('checker');
  assert.ok((await checkers.count()) >= 5);
  for (let i = 0; i < (await checkers.count()); i++) {
    assert.equal(await checkers.nth(i).getAttribute('data-ok'), 'true');
  }

  await inspector.getByTestId('tab-tree').click();
  await page.screenshot({ path: path.join(output, 'panels.png'), fullPage: true });
  assert.deepEqual(problems, [], 'console errors or failed requests');
  await page.close();
});
