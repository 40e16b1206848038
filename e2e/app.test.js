// The release site in dist/ (built by `trunk build --release`) in headless Chromium: what a new
// user does first. Run: make test, or alone: `cd e2e && node --test app.test.js` after `make dist`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useSite, watchProblems, output } from './site.js';

const site = useSite();

/** A new page that records console errors, warnings, failed requests and HTTP errors. */
async function openPage(url = site.server.url) {
  const page = await site.browser.context.newPage();
  const problems = watchProblems(page);
  await page.goto(url);
  await page.getByRole('heading', { name: 'ZooScope' }).waitFor();
  return { page, problems };
}

const clockMicros = async (page) =>
  Number(await page.getByTestId('sim-clock').getAttribute('data-micros'));

/** Seek with the scrubber (its value is in milliseconds). */
// The timeline fits what has happened; shown whole, it reaches the scenario's end.
const seek = async (page, ms) => {
  await page.getByTestId('timeline-whole').click();
  await page.getByTestId('scrubber').fill(String(ms));
};

/** The role each server shows, e.g. { s1: 'FOLLOWING', … }. */
async function roles(page) {
  const servers = page.getByTestId('server');
  const out = {};
  for (let i = 0; i < (await servers.count()); i++) {
    const s = servers.nth(i);
    out[await s.getAttribute('data-server')] = await s.getAttribute('data-role');
  }
  return out;
}

const leaderOf = (r) => Object.keys(r).find((s) => r[s] === 'LEADING');

test('page loads without console errors, plays, and the simulated clock advances', async () => {
  const { page, problems } = await openPage();
  const servers = page.getByTestId('server');
  assert.equal(await servers.count(), 5);
  for (let i = 0; i < 5; i++) {
    assert.match(await servers.nth(i).textContent(), new RegExp(`^s${i + 1}`));
  }
  assert.equal(await clockMicros(page), 0);
  assert.equal(await page.getByTestId('sim-clock').textContent(), '0.000 s');

  await page.getByTestId('speed').fill('9'); // 1×
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

test('crash the leader, watch a new one take over, then rewind to before the crash', async () => {
  const { page, problems } = await openPage();
  await seek(page, 3000);
  const before = await roles(page);
  const old = leaderOf(before);
  assert.ok(old, `a leader after 3 s: ${JSON.stringify(before)}`);

  await page.getByTestId('crash-leader').click();
  assert.equal((await roles(page))[old], 'DOWN');
  // Let the survivors elect (well under a second; give it two).
  await seek(page, 5000);
  const after = await roles(page);
  const now = leaderOf(after);
  assert.ok(now && now !== old, `a new leader: ${JSON.stringify(after)}`);
  assert.equal(after[old], 'DOWN');
  // Fitted to what happened (5 s), the crash has a marker of its own.
  await page.getByTestId('timeline-fit').click();
  assert.ok(await page.locator('[data-testid=marker][data-kind=crash]').count() >= 1, 'crash marker');
  await page.screenshot({ path: path.join(output, 'after-crash.png'), fullPage: true });

  // Rewind: before the crash, the old leader leads again.
  await seek(page, 2500);
  assert.equal((await roles(page))[old], 'LEADING');
  assert.equal(await clockMicros(page), 2500000);
  // And forward again: the same new leader (the run is deterministic).
  await seek(page, 5000);
  assert.equal(leaderOf(await roles(page)), now);
  assert.deepEqual(problems, []);
  await page.close();
});

test('partition the leader into a minority, the majority elects, heal', async () => {
  const { page, problems } = await openPage();
  await seek(page, 3000);
  const old = leaderOf(await roles(page));
  await page.getByTestId('split-minority').click();
  await seek(page, 20000);
  const during = await roles(page);
  const now = leaderOf(during);
  assert.ok(now && now !== old, `the majority has its own leader: ${JSON.stringify(during)}`);
  await page.getByTestId('timeline-fit').click();
  assert.ok(await page.locator('[data-testid=marker][data-kind=partition]').count() >= 1);
  await page.getByTestId('heal').click();
  await seek(page, 40000);
  const healed = await roles(page);
  const leading = Object.values(healed).filter((r) => r === 'LEADING').length;
  const following = Object.values(healed).filter((r) => r === 'FOLLOWING').length;
  assert.equal(leading, 1, JSON.stringify(healed));
  assert.equal(following, 4, `everyone rejoined: ${JSON.stringify(healed)}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('keyboard: space plays and pauses, arrows step, ? shows the shortcuts', async () => {
  const { page, problems } = await openPage();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('ArrowRight');
  const t1 = await clockMicros(page);
  await page.keyboard.press('ArrowRight');
  assert.ok((await clockMicros(page)) >= t1);
  await page.getByTestId('speed').fill('9');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press(' ');
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid=sim-clock]').dataset.micros) >= 100000,
  );
  await page.keyboard.press(' ');
  const stopped = await clockMicros(page);
  await page.waitForTimeout(150);
  assert.equal(await clockMicros(page), stopped);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await clockMicros(page), Math.max(0, stopped - 10000));
  await page.keyboard.press('?');
  await page.getByTestId('help-dialog').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('help-dialog').count(), 0);
  // They are a modal dialog: Tab stays inside it (the page behind cannot take the focus, so
  // Escape always reaches it), and closing gives the focus back to the ? button.
  await page.keyboard.press('?');
  await page.getByTestId('help-dialog').waitFor();
  // (Past its last button the focus may leave for the browser's own controls: the page's
  // body, then back in.)
  let inside = 0;
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'browser';
      return el.closest('[data-testid=help-dialog]') ? 'inside' : `${el.tagName} ${el.dataset.testid ?? el.textContent.slice(0, 20)}`;
    });
    assert.ok(at === 'inside' || at === 'browser', `Tab ${i + 1} went to the page behind the shortcuts: ${at}`);
    inside += at === 'inside' ? 1 : 0;
  }
  assert.ok(inside >= 2, 'Tab goes through the shortcuts\' buttons');
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('help-dialog').count(), 0, 'Escape closes the shortcuts');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'help', 'the focus is back on ?');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the course opens a lesson with narration, and Next walks its steps', async () => {
  const { page, problems } = await openPage();
  await page.getByTestId('course').click();
  await page.getByTestId('course-dialog').waitFor();
  await page.getByTestId('lesson-open').first().click();
  await page.getByTestId('course-dialog').waitFor({ state: 'detached' });
  await page.getByTestId('lesson').waitFor();
  const first = await page.getByTestId('narration').innerText();
  assert.ok(first.length > 40, 'the first step speaks to the student');
  await page.getByTestId('lesson-next').click();
  await page.waitForFunction(
    (before) => document.querySelector('[data-testid=narration]').innerText !== before,
    first,
  );
  assert.match(await page.evaluate(() => location.hash), /lesson=/);
  await page.getByTestId('lesson-close').click();
  assert.equal(await page.getByTestId('lesson').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
