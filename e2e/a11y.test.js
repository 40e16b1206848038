// Accessibility: axe-core on the main page and with each header dialog open, in English and in
// Chinese (no violation of impact "serious" or "critical"; every violation is printed), and the
// keyboard: Tab reaches the controls and the header's buttons, and stays inside an open dialog.
// Run: make test, or alone: `cd e2e && node --test a11y.test.js` after `make dist`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, axe, axePath } from './site.js';

const site = useSite();

/** A page in language `tag` (as if chosen earlier: the app reads localStorage first). */
async function openIn(tag) {
  const page = await site.browser.context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.addInitScript((tag) => localStorage.setItem('zooscope.lang', tag), tag);
  await page.goto(site.server.url);
  await page.getByTestId('play-toggle').waitFor();
  await page.addScriptTag({ path: axePath });
  return { page, problems };
}

const DIALOGS = [
  ['gallery-open', 'gallery-dialog'],
  ['new-scenario-open', 'new-scenario-dialog'],
  ['share-open', 'share-dialog'],
  ['search-open', 'search-dialog'],
];

for (const tag of ['en', 'zh-CN']) {
  test(`axe (${tag}): the main page and each dialog have no serious or critical violations`, async () => {
    const { page, problems } = await openIn(tag);
    assert.equal(await page.evaluate(() => document.documentElement.lang), tag);
    const found = await axe(page, `${tag} main page`);
    for (const [button, dialog] of DIALOGS) {
      await page.getByTestId(button).click();
      await page.getByTestId(dialog).waitFor();
      // Contrast is measured on the finished picture, not halfway through the fade-in.
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      found.push(...(await axe(page, `${tag} ${dialog}`)).map((l) => `${dialog}: ${l}`));
      await page.keyboard.press('Escape');
      await page.getByTestId(dialog).waitFor({ state: 'detached' });
    }
    assert.deepEqual(found, [], 'serious or critical accessibility violations');
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('keyboard: Tab reaches play and the header buttons; Tab stays inside an open dialog', async () => {
  const { page, problems } = await openIn('en');
  const reached = new Set();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.dataset.testid);
    if (id) reached.add(id);
  }
  for (const id of ['play-toggle', 'gallery-open', 'new-scenario-open', 'share-open', 'lang-switch']) {
    assert.ok(reached.has(id), `Tab never reaches ${id} (reached: ${[...reached].join(', ')})`);
  }

  await page.getByTestId('new-scenario-open').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('new-scenario-dialog').waitFor();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => {
      const el = document.activeElement;
      return el === document.body || !!el?.closest('dialog');
    });
    assert.ok(inside, `Tab ${i + 1} left the dialog`);
  }
  // Space on a field types; it must not play the simulation behind the dialog.
  await page.getByTestId('new-names').focus();
  await page.keyboard.type('alice bob');
  assert.equal(await page.getByTestId('sim-clock').getAttribute('data-micros'), '0');
  await page.keyboard.press('Escape');
  await page.getByTestId('new-scenario-dialog').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'new-scenario-open');
  assert.deepEqual(problems, []);
  await page.close();
});
