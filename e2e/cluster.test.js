// The cluster picture and the space-time diagram in the release site (dist/), headless Chromium.
// Run: `make dist && (cd e2e && node --test cluster.test.js)`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useSite, watchProblems, output } from './site.js';

const site = useSite();

const clockMicros = async (page) =>
  Number(await page.getByTestId('sim-clock').getAttribute('data-micros'));

// Play at 0.2x until `until` holds in the page, then pause; again if it no longer holds once
// paused (a message may land in the frame between seeing it and pausing).
async function playUntil(page, until, arg) {
  await page.getByTestId('speed').fill('7');
  for (let i = 0; i < 20; i++) {
    await page.getByTestId('play-toggle').click();
    await page.waitForFunction(until, arg, { timeout: 20000, polling: 'raf' });
    await page.getByTestId('play-toggle').click();
    await page.waitForTimeout(50);
    if (await page.evaluate(until, arg)) return;
  }
  throw new Error('the condition never held while paused');
}

test('messages fly along their links, a leader gets the crown, the picture fits 1280x720 and 390x844', async () => {
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const problems = watchProblems(page);
  await page.goto(site.server.url);
  await page.getByRole('heading', { name: 'ZooScope' }).waitFor();
  assert.equal(await page.getByTestId('server').count(), 5);
  assert.equal(await page.getByTestId('client').count(), 3);

  // The election's votes are in flight within the first few hundred milliseconds.
  await playUntil(page, () => document.querySelectorAll('[data-testid=message]').length > 0);
  const flying = page.getByTestId('message');
  assert.ok((await flying.count()) > 0, 'messages in flight');
  const cls = await flying.first().getAttribute('data-class');
  assert.match(cls, /^(vote|sync|broadcast|ping|request|answer|watch)$/);

  // A message moves with simulated time: step forward and it is somewhere else (or arrived).
  const id = await flying.first().getAttribute('data-message');
  const before = await flying.first().getAttribute('transform');
  await page.getByTestId('step').click();
  await page.getByTestId('step').click();
  const moved = page.locator(`[data-testid=message][data-message="${id}"]`);
  if ((await moved.count()) > 0) {
    assert.notEqual(await moved.getAttribute('transform'), before, 'the message moved');
  }

  // Play on until a leader is established; it wears the crown.
  await playUntil(page, () => document.querySelector('[data-testid=crown]') !== null);
  const crowned = page.locator('[data-testid=server]:has([data-testid=crown])');
  assert.equal(await crowned.count(), 1);
  assert.equal(await crowned.getAttribute('data-role'), 'LEADING');
  assert.ok((await clockMicros(page)) > 0);

  // And on until messages are in flight again (clients asking for the lock), for the pictures.
  await playUntil(page, () => document.querySelectorAll('[data-testid=message]').length >= 2);
  await page.getByTestId('cluster').screenshot({ path: path.join(output, 'cluster-1280.png') });
  await page.screenshot({ path: path.join(output, 'cluster-1280-page.png'), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  const box = await page.locator('svg.cluster-map').boundingBox();
  assert.ok(box.width <= 390 && box.width > 300, `the picture fits the phone: ${box.width}px`);
  // Server names stay readable: at least ~12 px tall on the phone.
  const idHeight = await page.locator('[data-testid=server] .server-id').first().evaluate(
    (el) => el.getBoundingClientRect().height,
  );
  assert.ok(idHeight >= 12, `server label ${idHeight}px tall`);
  const roleHeight = await page.locator('[data-testid=server] .server-role').first().evaluate(
    (el) => el.getBoundingClientRect().height,
  );
  assert.ok(roleHeight >= 10, `server role ${roleHeight}px tall`);
  await page.screenshot({ path: path.join(output, 'cluster-390.png'), fullPage: true });

  assert.deepEqual(problems, [], 'console errors or failed requests');
  await page.close();
});

test('clicking or pressing Enter on a server selects it; the background deselects', async () => {
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const problems = watchProblems(page);
  await page.goto(site.server.url);
  await page.getByRole('heading', { name: 'ZooScope' }).waitFor();

  // Pointing at a server tells about it; leaving the picture clears it.
  await page.locator('[data-testid=server][data-server=s1]').hover();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=cluster-info]').textContent.startsWith('s1: '));
  await page.mouse.move(1, 1);
  await page.waitForFunction(() =>
    !document.querySelector('[data-testid=cluster-info]').textContent.startsWith('s1: '));

  const s3 = page.locator('[data-testid=server][data-server=s3]');
  await s3.click();
  await page.waitForFunction(() =>
    document.querySelector('[data-server=s3]').classList.contains('selected'));
  assert.match(await page.getByTestId('cluster-info').textContent(), /^s3: /);

  await page.locator('svg.cluster-map .backdrop').click({ position: { x: 5, y: 5 } });
  await page.waitForFunction(() =>
    !document.querySelector('[data-server=s3]').classList.contains('selected'));

  // Keyboard: focus s2 and press Enter; Space selects too, without starting the clock.
  await page.locator('[data-testid=server][data-server=s2]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('[data-server=s2]').classList.contains('selected'));
  await page.locator('[data-testid=client][data-client=bob]').focus();
  await page.keyboard.press(' ');
  await page.waitForFunction(() =>
    document.querySelector('[data-client=bob]').classList.contains('selected'));
  await page.waitForTimeout(150);
  assert.equal(await clockMicros(page), 0, 'Space on a focused client does not play');

  assert.deepEqual(problems, [], 'console errors or failed requests');
  await page.close();
});

test('the space-time diagram follows the clock and draws arrows for the window', async () => {
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const problems = watchProblems(page);
  await page.goto(site.server.url);
  await page.getByRole('heading', { name: 'ZooScope' }).waitFor();
  assert.equal(await page.getByTestId('lifeline').count(), 8);

  await playUntil(page, () => Number(document.querySelector('[data-testid=sim-clock]').dataset.micros) >= 400000);
  const canvas = page.getByTestId('lamport-canvas');
  const drawn = async () => Number(await canvas.getAttribute('data-arrows'));
  const withoutPings = await drawn();
  assert.ok(withoutPings > 0, 'arrows after 400 ms of an election');
  await page.getByTestId('lamport-pings').check();
  assert.equal(await canvas.getAttribute('data-pings'), 'true');
  assert.ok((await drawn()) >= withoutPings, 'pings only add arrows');
  await page.getByTestId('lamport-zoom-out').click();
  assert.equal(await page.getByTestId('lamport-window').textContent(), '2 s');
  // Dragging back in time holds the window there; "Follow now" brings it back.
  await page.getByTestId('lamport-zoom-in').click();
  await page.getByTestId('lamport-zoom-in').click();
  assert.equal(await page.getByTestId('lamport-window').textContent(), '300 ms');
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 200, box.y + 40, { steps: 5 });
  await page.mouse.up();
  assert.ok(await page.getByTestId('lamport-follow').isEnabled(), 'panned away from now');
  await page.getByTestId('lamport-follow').click();
  assert.ok(await page.getByTestId('lamport-follow').isDisabled());
  // A click on an arrow selects its message (the inspector says which).
  await page.getByTestId('lamport-whole').click();
  await page.getByTestId('lamport-list').locator('summary').click();
  const first = page.getByTestId('arrow').first();
  await first.click();
  await page.locator('[data-testid=message-detail], [data-testid=message-detail-fate]').first().waitFor();
  await page.getByTestId('lamport').screenshot({ path: path.join(output, 'lamport-1280.png') });

  assert.deepEqual(problems, [], 'console errors or failed requests');
  await page.close();
});
