// The inspector, the console and the invariant panel in the release build, in headless Chromium.
// Run: make test, or alone: `cd e2e && node --test panels.test.js` after `make dist`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { useSite, watchProblems, output } from './site.js';

const site = useSite();

/** A share link's fragment for a scenario's text at instant `ms` (docs/scenarios.md). */
const link = (text, ms) => `#s=v1.${zlib.deflateRawSync(Buffer.from(text)).toString('base64url')}&t=${ms}`;

/** axe-core's path, or null where it is not installed (it comes with the a11y tests). */
const axePath = (() => {
  try {
    return createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  } catch {
    return null;
  }
})();

/** The serious and critical axe violations inside the three panels, one line each. */
async function axePanels(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    window.axe.run(
      { include: [['[data-testid=inspector]'], ['[data-testid=console]'], ['[data-testid=invariants]']] },
      { resultTypes: ['violations'] },
    ),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id} at ${n.target.join(' ')}: ${v.help}`));
}

const clockMicros = async (page) =>
  Number(await page.getByTestId('sim-clock').getAttribute('data-micros'));

test('select a server and see its tree; alice creates /demo in the console and the answer appears', async () => {
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  const problems = watchProblems(page);

  await page.goto(site.server.url);
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
  const answer = page.locator('[data-testid=console-line][data-kind=answer]', { hasText: 'created /demo' });
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

  if (axePath) assert.deepEqual(await axePanels(page), [], 'accessibility (log tab, console output)');
  await inspector.getByTestId('tab-tree').click();
  await page.screenshot({ path: path.join(output, 'panels.png'), fullPage: true });
  assert.deepEqual(problems, [], 'console errors or failed requests');
  await page.close();
});

test('a cut-off follower: its differences from the leader are highlighted and explained', async () => {
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  const problems = watchProblems(page);
  const text = 'seed 1\nensemble servers=3\nclient alice\nat 1s alice create /a x\n' +
    'at 2s partition s2 | s1,s3,alice\nat 3s alice create /b y\nat 3.1s alice set /a z\nrun 30s\n';
  await page.goto(site.server.url + link(text, 4000));
  await page.getByRole('heading', { name: 'ZooScope' }).waitFor();
  await page.locator('[data-testid=server][data-server=s2]').click();
  const inspector = page.getByTestId('inspector');
  const summary = inspector.getByTestId('diff-summary');
  await summary.waitFor();
  assert.equal(await summary.getAttribute('data-same'), 'false');
  assert.match(await summary.textContent(), /The network between s2 and s3 is cut/);
  assert.equal(await inspector.locator('[data-testid=znode][data-path="/a"]').getAttribute('data-diff'), 'differs');
  assert.match(
    await inspector.locator('[data-testid=diff-entry][data-path="/b"]').textContent(),
    /Missing here: the leader s3 created it/,
  );
  if (axePath) assert.deepEqual(await axePanels(page), [], 'accessibility (tree with differences)');
  await inspector.screenshot({ path: path.join(output, 'panels-diff.png') });
  assert.deepEqual(problems, [], 'console errors or failed requests');
  await page.close();
});

test('a broken invariant shows ✗, and its button seeks to the first violation', async () => {
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1000 });
  const problems = watchProblems(page);
  // R12: the lock holder c1 pauses past its 4 s session; c2 takes the lock meanwhile.
  const text = 'seed 1\nensemble servers=3\nclient c1 timeout=4s\nclient c2 timeout=4s\n' +
    'at 2s c1 runs lock hold=5s\nat 3s c2 runs lock hold=1s\nat 4s pause c1 for 10s\nrun 30s\n';
  await page.goto(site.server.url + link(text, 15000));
  await page.getByRole('heading', { name: 'ZooScope' }).waitFor();
  const row = page.locator('[data-testid=checker][data-name=mutual-exclusion]');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-ok'), 'false');
  const first = (await row.getByTestId('violation-first').textContent()).match(/First broken at ([0-9.]+ s)/)[1];
  if (axePath) assert.deepEqual(await axePanels(page), [], 'accessibility (a broken invariant)');
  await row.getByTestId('jump-violation').click();
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid=sim-clock]').textContent === t,
    first,
    { timeout: 5000 },
  );
  assert.equal(await row.getAttribute('data-ok'), 'false', 'broken at the instant it seeks to');
  // One step back in time, it holds.
  await page.getByTestId('step-back').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=checker][data-name=mutual-exclusion]').dataset.ok === 'true',
    null,
    { timeout: 5000 },
  );
  await page.getByTestId('invariants').screenshot({ path: path.join(output, 'panels-invariants.png') });
  assert.deepEqual(problems, [], 'console errors or failed requests');
  await page.close();
});
