// What each client saw, and the machine that finds the failure: the history view of the
// stale-sync-read scenario (operations as intervals, the promises checked, the stale read after
// sync flagged as allowed, a click takes the app to the answer and its server), in English and
// Chinese; "Find a failure" breaks heartbeat masters, shows progress on a design it cannot
// break, and its result opens as a scenario whose checkers say what broke.
// Run: make test, or alone: `cd e2e && node --test histories.test.js` after `make dist`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useSite, watchProblems, output } from './site.js';

const site = useSite();
const shots = path.join(output, 'histories');

async function open(lang = 'en') {
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const problems = watchProblems(page);
  await page.addInitScript((tag) => localStorage.setItem('zooscope.lang', tag), lang);
  await page.goto(site.server.url + 'index.html');
  await page.getByTestId('play-toggle').waitFor();
  return { page, problems };
}

async function gallery(page, file) {
  await page.getByTestId('gallery-open').click();
  await page.locator(`[data-testid=gallery-item][data-file="${file}"]`).click();
  await page.getByTestId('gallery-dialog').waitFor({ state: 'detached' });
}

async function seek(page, ms) {
  await page.getByTestId('timeline-whole').click();
  await page.getByTestId('scrubber').fill(String(ms));
}

for (const lang of ['en', 'zh-CN']) {
  test(`history (${lang}): every request as an interval, the promises checked, the stale read after sync allowed`, async () => {
    const { page, problems } = await open(lang);
    await gallery(page, 'stale-sync-read.scn');
    await seek(page, 42000);
    const history = page.getByTestId('history');
    await history.scrollIntoViewIfNeeded();
    assert.ok((await page.getByTestId('op').count()) >= 5, 'the requests are drawn');
    const state = (check) => page.locator(`[data-testid=promise][data-check=${check}]`).getAttribute('data-state');
    assert.equal(await state('linearizable-writes'), 'ok');
    assert.equal(await state('client-order'), 'ok');
    assert.equal(await state('sync-read'), 'allowed', 'the stale read after sync is flagged, as allowed');
    if (lang === 'en') {
      assert.match(await history.textContent(), /not linearizable, allowed by ZooKeeper/);
    } else {
      assert.match(await history.textContent(), /每个客户端看到了什么/);
      assert.match(await history.textContent(), /ZooKeeper 允许/);
    }
    // alice's stale read: click it, and the app goes to its answer, with the server that gave it.
    const read = page.locator('[data-testid=op][data-class=read]').filter({ hasText: '"old"' }).first();
    const label = await read.getAttribute('aria-label');
    assert.match(label, /alice/);
    await read.click();
    const at = label.match(/(\d+\.\d{3}) s(?![\s\S]*\d+\.\d{3} s)/)[1];
    await page.waitForFunction((t) => document.querySelector('[data-testid=sim-clock]').textContent.includes(t), at);
    const by = label.match(/by (s\d)|由 (s\d) 回答/);
    const server = by[1] ?? by[2];
    assert.equal(await page.getByTestId('inspector').getAttribute('data-selected'), server);
    fs.mkdirSync(shots, { recursive: true });
    await history.screenshot({ path: path.join(shots, `history-${lang}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('find a failure: heartbeat masters break, shrunk; the found run opens with what broke; progress on a design that holds', async () => {
  const { page, problems } = await open();
  // A design that holds: the search shows its progress and the page stays responsive.
  await gallery(page, 'paused-lock-fenced.scn');
  await page.getByTestId('search-open').click();
  await page.getByTestId('search-schedules').fill('150');
  await page.getByTestId('search-start').click();
  await page.getByTestId('search-progress').waitFor();
  const t0 = Date.now();
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
  assert.ok(Date.now() - t0 < 1000, 'a frame comes while the search runs');
  const none = page.getByTestId('search-none');
  await none.waitFor({ timeout: 120000 });
  const text = await none.textContent();
  console.log(`search speed in the browser (fenced lock): ${text.match(/\((\d+) a second\)/)[1]} schedules/s`);
  await page.keyboard.press('Escape');
  // The wrong way: heartbeat masters, without the scenario's own partition.
  await gallery(page, 'heartbeat-split-brain.scn');
  await page.getByTestId('search-open').click();
  assert.ok(await page.getByTestId('search-bare').isChecked());
  await page.getByTestId('search-start').click();
  const found = page.getByTestId('search-found');
  await found.waitFor({ timeout: 60000 });
  assert.match(await found.textContent(), /broke: .*master/i);
  const faults = (await page.getByTestId('search-faults').textContent()).split('\n').filter(Boolean);
  assert.ok(faults.length >= 1 && faults.length <= 2, faults.join(' / '));
  await page.getByTestId('search-open-found').click();
  await page.getByTestId('search-dialog').waitFor({ state: 'detached' });
  // It replays: at its end, the one-master rule is broken.
  await seek(page, 12000);
  await page.locator('[data-testid=checker][data-ok=false]').first().waitFor();
  await page.getByTestId('share-open').click();
  const text2 = await page.getByTestId('share-text').inputValue();
  for (const line of faults) assert.ok(text2.includes(line.trim()), `the link holds ${line}`);
  assert.deepEqual(problems, []);
  await page.close();
});
