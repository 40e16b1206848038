// The header's dialogs (gallery, new scenario, share), share links and the language switch, on
// the release site in dist/. Run: make test, or alone: `cd e2e && node --test dialogs.test.js`
// after `make dist`. Every test fails on any console error or warning, failed request or HTTP
// error. Screenshots of each dialog at 1280×720 and 390×844 go to e2e/output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useSite, watchProblems, output } from './site.js';
import { launch } from './browser.js';

const site = useSite();

/** A new page in `context` that records every console error/warning and failed request. */
async function openPage(context, url = site.server.url) {
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(url);
  await page.getByTestId('play-toggle').waitFor();
  return { page, problems };
}

const micros = async (page) => Number(await page.getByTestId('sim-clock').getAttribute('data-micros'));
const roles = (page) => page.getByTestId('server').evaluateAll((els) => els.map((e) => e.dataset.role));
const activeTestId = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? null);

async function shoot(page, name) {
  for (const [w, h] of [[1280, 720], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => document.querySelector('.zs-dialog-body')?.scrollTo(0, 0));
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(output, `${name}-${w}x${h}.png`) });
  }
  await page.setViewportSize({ width: 900, height: 720 });
}

test('gallery: a modal that takes focus, closes on Escape, and opens the scenario picked', async () => {
  const { page, problems } = await openPage(site.browser.context);
  const opener = page.getByTestId('gallery-open');
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Scenario gallery' });
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.equal(await activeTestId(page), 'gallery-item', 'focus moves into the dialog');
  const items = page.getByTestId('gallery-item');
  assert.ok((await items.count()) >= 10, 'the default scenario and the files of scenarios/');
  assert.match(await items.first().textContent(), /Default/);
  assert.match(await dialog.textContent(), /the leader dies while clients are writing/);
  await shoot(page, 'gallery');

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await activeTestId(page), 'gallery-open', 'focus returns to the button');
  assert.equal(await micros(page), 0, 'keys in the dialog do not reach the page');

  await opener.click();
  const total = await items.count();
  await page.getByTestId('gallery-filter').fill('partition');
  const texts = await page.locator('.gallery-entry').allTextContents();
  assert.ok(texts.length > 0 && texts.length < total, `${texts.length} of ${total} match`);
  for (const t of texts) assert.match(t.toLowerCase(), /partition/);
  await page.getByTestId('gallery-filter').fill('');
  assert.equal(await items.count(), total);
  await page.locator('[data-testid=gallery-item][data-file="paused-leader.scn"]').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('scenario-title').textContent(), 'A paused leader (GC)');
  assert.equal(await page.getByTestId('server').count(), 3);
  assert.equal(await page.title(), 'A paused leader (GC) · ZooScope');
  assert.equal(await activeTestId(page), 'gallery-open');
  assert.deepEqual(problems, []);
  await page.close();
});

test('new scenario: 3 servers and 2 clients open with 3 servers drawn; bad input is explained', async () => {
  const { page, problems } = await openPage(site.browser.context);
  await page.getByTestId('new-scenario-open').click();
  const dialog = page.getByRole('dialog', { name: 'New scenario' });
  await dialog.waitFor();
  const seed = await page.getByTestId('new-seed').inputValue();
  assert.match(seed, /^\d+$/, 'a random seed is filled in');
  await page.getByTestId('new-seed-button').click();
  assert.notEqual(await page.getByTestId('new-seed').inputValue(), seed, 'a new seed');

  await page.getByTestId('new-servers').fill('12');
  const error = page.getByTestId('new-error');
  assert.equal(await error.textContent(), 'Servers: a whole number from 1 to 9');
  assert.equal(await page.getByTestId('new-servers').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.getByTestId('new-open').isDisabled());
  await page.getByTestId('new-latency-min').fill('50ms');
  await page.getByTestId('new-servers').fill('3');
  assert.match(await error.textContent(), /^Network latency: /);
  await page.getByTestId('new-latency-min').fill('5ms');
  await page.getByTestId('new-clients').fill('2');
  await page.getByTestId('new-program').selectOption('election');
  assert.equal(await error.textContent(), '');
  const text = await page.getByTestId('new-text').inputValue();
  assert.match(text, /^seed \d+\nensemble servers=3\n/);
  assert.match(text, /client c2 timeout=10s\n/);
  assert.match(text, /at 2\.1s c2 runs election\n/);
  await shoot(page, 'new-scenario');

  await page.getByTestId('new-open').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('server').count(), 3);
  assert.equal(await micros(page), 0);
  assert.equal(await activeTestId(page), 'new-scenario-open');
  assert.deepEqual(problems, []);
  await page.close();
});

test('share: the link reopens the same instant and roles in a fresh browser; copy works', async () => {
  const { page, problems } = await openPage(site.browser.context);
  const origin = new URL(site.server.url).origin;
  await site.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.getByTestId('speed').fill('9'); // 1×: real time
  await page.getByTestId('play-toggle').click();
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid=sim-clock]').dataset.micros) >= 1500000,
    null,
    { timeout: 15000 },
  );
  await page.getByTestId('share-open').click();
  const dialog = page.getByRole('dialog', { name: 'Share this instant' });
  await dialog.waitFor();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(site.server.url + '#s=v1.'), link);
  const t = Number(new URL(link).hash.match(/&t=(\d+)/)[1]);
  await page.waitForTimeout(200);
  const here = await micros(page);
  assert.equal(here, t * 1000, 'the page pauses on the instant the link holds');
  assert.equal(decodeURIComponent(page.url()), decodeURIComponent(link), 'the address bar holds the link');
  assert.equal(await page.getByTestId('share-qr').count(), 1);
  assert.match(await page.getByTestId('share-text').inputValue(), /ensemble servers=5/);
  assert.equal(await activeTestId(page), 'copy-link');
  await page.getByTestId('copy-link').click();
  await page.getByTestId('copy-status').filter({ hasText: 'Link copied.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await page.getByTestId('share-details').locator('summary').click();
  await shoot(page, 'share');
  const rolesHere = await roles(page);
  await page.keyboard.press('Escape');

  const fresh = await launch();
  try {
    const other = await openPage(fresh.context, link);
    await other.page.waitForFunction(
      (t) => Number(document.querySelector('[data-testid=sim-clock]').dataset.micros) === t,
      here,
      { timeout: 15000 },
    );
    assert.deepEqual(await roles(other.page), rolesHere);
    assert.equal(await other.page.getByTestId('notice').count(), 0);
    assert.deepEqual(other.problems, []);
  } finally {
    await fresh.close();
  }
  // Another scenario is no longer the link's: the address bar drops it (a reload keeps it).
  await page.getByTestId('gallery-open').click();
  await page.locator('[data-testid=gallery-item][data-file="queue.scn"]').click();
  assert.equal(new URL(page.url()).hash, '');
  assert.deepEqual(problems, []);
  await page.close();
});

test('share: when the browser refuses to copy, the link is selected and the user is told', async () => {
  const page = await site.browser.context.newPage();
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  });
  const problems = watchProblems(page);
  await page.goto(site.server.url);
  await page.getByTestId('share-open').click();
  await page.getByTestId('copy-link').click();
  await page.getByTestId('copy-status').filter({ hasText: 'press Ctrl+C' }).waitFor();
  const selected = await page.evaluate(() => {
    const el = document.activeElement;
    return el.dataset.testid === 'share-link' && el.selectionStart === 0 && el.selectionEnd === el.value.length;
  });
  assert.ok(selected, 'the link field is focused and all selected');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a garbage link shows a notice and the default scenario, never a blank page', async () => {
  const { page, problems } = await openPage(site.browser.context, site.server.url + '#s=v1.garbage');
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /^This link does not open: /);
  assert.equal(await page.getByTestId('server').count(), 5);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the language switch shows Chinese, and a reload remembers it', async () => {
  const own = await launch();
  try {
    const { page, problems } = await openPage(own.context);
    assert.equal(await page.getByTestId('gallery-open').textContent(), 'Gallery');
    await page.getByTestId('lang-switch').click();
    assert.equal(await page.getByTestId('gallery-open').textContent(), '场景库');
    assert.equal(await page.getByTestId('share-open').textContent(), '分享');
    await page.reload();
    await page.getByTestId('play-toggle').waitFor();
    assert.equal(await page.getByTestId('gallery-open').textContent(), '场景库');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await page.getByTestId('gallery-open').click();
    await page.getByRole('dialog', { name: '场景库' }).waitFor();
    // The scenarios say what to watch in Chinese too (each file's `# 看点：` comment).
    const desc = page.locator('.gallery-desc').first();
    assert.equal(await desc.getAttribute('lang'), 'zh');
    assert.match(await desc.textContent(), /^五台服务器选举领导者/);
    await page.screenshot({ path: path.join(output, 'gallery-zh.png'), animations: 'disabled' });
    assert.deepEqual(problems, []);
  } finally {
    await own.close();
  }
});
