// A browser monkey: random UI actions (clicks on anything clickable, keys, typing into fields,
// speed, seeking, dialogs, the language switch, presenter mode), seeded and replayable. It ends
// with zero console errors, no panic, the page still answering, and the share link of the final
// state reproducing it in a fresh page.
//
// MONKEY=N actions (default 1000; the long run is MONKEY=10000), MONKEY_SEED=S the seed.
// Run: make test, or alone: `cd e2e && node --test monkey.test.js` after `make dist`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, watchProblems } from './site.js';

const site = useSite();
const N = Number(process.env.MONKEY ?? 1000);
const SEED = Number(process.env.MONKEY_SEED ?? 7);

/** mulberry32: a small seeded generator, so a run can be replayed from its seed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['Space', 'ArrowRight', 'ArrowLeft', 'PageDown', 'PageUp', '?', 'Escape', 'b', 'p', 'x', 'Enter', 'Tab'];
const TEXT = ['create /m x', 'get /m', 'ls /', 'set /m y', 'delete /m', 'sync /', 'help', 'stat /zookeeper',
  'bogus', 's1 | s2', 's1,s2 | s3,s4,s5', '', '5', '-3', '9999', 'ß∑😀', '"unterminated'];

test(`monkey: ${N} random actions (seed ${SEED}), no error, responsive, the final link reproduces the state`, async () => {
  const random = rng(SEED);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = watchProblems(page);
  // A new page would steal the focus from the test: links that open one are left alone.
  await page.goto(site.server.url + 'index.html');
  await page.getByTestId('play-toggle').waitFor();
  const log = [];
  for (let i = 0; i < N; i++) {
    const kind = random();
    try {
      if (kind < 0.55) {
        // Click something clickable (inside the open dialog, if one is open).
        const count = await page.evaluate(() => {
          const scope = document.querySelector('dialog[open]') ?? document;
          const all = [...scope.querySelectorAll('button:not([disabled]), a[href]:not([target]), [role=button], summary, input[type=checkbox]')];
          const seen = all.filter((el) => el.getClientRects().length > 0 && !el.closest('[aria-hidden=true]'));
          document.querySelectorAll('[data-monkey]').forEach((el) => el.removeAttribute('data-monkey'));
          seen.forEach((el, k) => el.setAttribute('data-monkey', String(k)));
          return seen.length;
        });
        if (count > 0) {
          const k = Math.floor(random() * count);
          const target = page.locator(`[data-monkey="${k}"]`);
          const what = await target.evaluate((el) => el.dataset.testid ?? el.textContent.trim().slice(0, 20));
          log.push(`click ${what}`);
          await target.click({ timeout: 2000, force: true });
        }
      } else if (kind < 0.75) {
        const key = pick(KEYS);
        log.push(`key ${key}`);
        await page.keyboard.press(key);
      } else if (kind < 0.85) {
        // Type into a field.
        const fields = page.locator('input[type=text]:visible, input[type=number]:visible, input[type=search]:visible');
        const n = await fields.count();
        if (n > 0) {
          const field = fields.nth(Math.floor(random() * n));
          const numeric = (await field.getAttribute('type')) === 'number';
          const text = numeric ? String(Math.floor(random() * 200) - 20) : pick(TEXT);
          log.push(`type ${text}`);
          await field.fill(text, { timeout: 2000 });
          if (random() < 0.6) await field.press('Enter', { timeout: 2000 });
        }
      } else if (kind < 0.93) {
        const scrubber = page.getByTestId('scrubber');
        if (await scrubber.isVisible()) {
          const max = Number(await scrubber.getAttribute('max'));
          const min = Number(await scrubber.getAttribute('min'));
          const at = Math.floor(min + random() * (max - min));
          log.push(`seek ${at}`);
          await scrubber.fill(String(at), { timeout: 2000 });
        }
      } else {
        const speed = page.getByTestId('speed');
        if (await speed.isVisible()) {
          const s = String(Math.floor(random() * 13));
          log.push(`speed ${s}`);
          await speed.fill(s, { timeout: 2000 });
        }
      }
    } catch (e) {
      // An element that went away between being listed and clicked: fine, go on.
      if (!/Timeout|detached|not attached|intercepts pointer|outside of the viewport|not visible|not editable|disabled/.test(String(e))) throw e;
    }
    if (problems.length > 0) {
      assert.fail(`after action ${i + 1} (seed ${SEED}): ${problems.join(' | ')}\nlast actions: ${log.slice(-10).join(', ')}`);
    }
  }
  // Still answering.
  const t0 = Date.now();
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
  assert.ok(Date.now() - t0 < 2000, 'the page answers');
  // Back to a plain page, paused: the share link of this state reproduces it.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  if (await page.getByTestId('present-leave').isVisible()) await page.getByTestId('present-leave').click();
  if (await page.getByTestId('blank').isVisible()) await page.keyboard.press('x');
  const play = page.getByTestId('play-toggle');
  if ((await play.textContent()).match(/Pause|暂停/)) await play.click();
  await page.getByTestId('share-open').click();
  const link = await page.getByTestId('share-link').inputValue();
  const text = await page.getByTestId('share-text').inputValue();
  const micros = await page.getByTestId('sim-clock').getAttribute('data-micros');
  const again = await site.browser.context.newPage();
  const againProblems = watchProblems(again);
  await again.goto(link);
  await again.getByTestId('play-toggle').waitFor();
  assert.equal(await again.getByTestId('sim-clock').getAttribute('data-micros'), micros);
  await again.getByTestId('share-open').click();
  assert.equal(await again.getByTestId('share-text').inputValue(), text, 'the same scenario');
  assert.deepEqual([...problems, ...againProblems], []);
  console.log(`monkey: ${N} actions, seed ${SEED}, ended at ${micros} µs`);
  await again.close();
  await page.close();
});
