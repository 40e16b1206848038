// In class and on the web: presenter mode and its keys, the app embedded in a page of another
// origin, the export compared byte for byte with the CLI, two runs compared in lockstep, the
// timeline's zoom and markers, the end of a run, feedback that stays put, the phone's sheet, and
// axe in presenter, embed and compare modes in both languages. Screenshots go to
// e2e/output/classroom/.
// Run: make test, or alone: `cd e2e && node --test classroom.test.js` after `make dist`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { useSite, watchProblems, output, axe, axePath } from './site.js';

const site = useSite();
const shots = path.join(output, 'classroom');

/** A new page at `size`, in `lang`, watched for problems, at `address` (relative to the site). */
async function open(address, { size = [1280, 720], lang = 'en' } = {}) {
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: size[0], height: size[1] });
  const problems = watchProblems(page);
  await page.addInitScript((tag) => localStorage.setItem('zooscope.lang', tag), lang);
  await page.goto(site.server.url + address);
  await page.getByTestId('play-toggle').waitFor();
  return { page, problems };
}

async function shot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** Go to `ms` on the timeline (shown whole, to the scenario's end). */
async function seek(page, ms) {
  await page.getByTestId('timeline-whole').click();
  await page.getByTestId('scrubber').fill(String(ms));
}

const micros = async (page) => Number(await page.getByTestId('sim-clock').getAttribute('data-micros'));

/** The text a download holds, after `click` starts it. */
async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const where = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(where) };
}

test('presenter mode: large type, clicker keys step the lesson, B blanks, P unfolds the panels', async () => {
  const { page, problems } = await open('index.html?mode=present#lesson=03-leader-election', { size: [1920, 1080] });
  const lesson = page.getByTestId('lesson');
  await lesson.waitFor();
  assert.equal(await lesson.getAttribute('data-step'), '1');
  // Readable from the back of a room: the narration at 24 px or more at 1920×1080.
  const px = await page.getByTestId('narration').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(px >= 24, `narration at ${px} px`);
  assert.equal(await page.getByTestId('faults').count(), 0, 'the panels are folded away');
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.querySelector('[data-testid=lesson]').dataset.step === '2');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-testid=lesson]').dataset.step === '3');
  await page.keyboard.press('PageUp');
  await page.waitForFunction(() => document.querySelector('[data-testid=lesson]').dataset.step === '2');
  await shot(page, 'presenter-1920x1080');
  await page.keyboard.press('b');
  await page.getByTestId('blank').waitFor();
  await page.keyboard.press('x');
  await page.getByTestId('blank').waitFor({ state: 'detached' });
  assert.equal(await lesson.getAttribute('data-step'), '2', 'the key that ends the blank does nothing else');
  await page.keyboard.press('p');
  await page.getByTestId('faults').waitFor();
  await page.keyboard.press('p');
  await page.getByTestId('faults').waitFor({ state: 'detached' });
  // At 1280×720 too, the type grows with the screen and nothing spills sideways.
  await page.setViewportSize({ width: 1280, height: 720 });
  const small = await page.getByTestId('narration').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(small >= 18, `narration at ${small} px at 1280×720`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
  await shot(page, 'presenter-1280x720');
  await page.getByTestId('present-leave').click();
  await page.getByTestId('present-open').waitFor();
  assert.ok(!(await page.evaluate(() => location.search.includes('mode'))));
  assert.deepEqual(problems, []);
  await page.close();
});

/** Serve one page that embeds `src` in an iframe below a tall spacer, on another port. */
async function hostPage(src) {
  const html = `<!doctype html><html lang="en"><head><title>A course page</title></head><body>
<h1>Our course</h1><p>The ensemble, live:</p>
<iframe id="zs" src="${src}" width="800" height="450" title="ZooScope" style="border:0"></iframe>
<div style="height:3000px"></div><p id="bottom">The end.</p></body></html>`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }) };
}

test('embedding: an 800×450 frame on another origin, no scrollbars, pauses out of view, opens in the full app', async () => {
  // The snippet comes from the Share dialog.
  const { page: app, problems: appProblems } = await open('index.html');
  await app.getByTestId('share-open').click();
  const snippet = await app.getByTestId('embed-snippet').inputValue();
  assert.match(snippet, /^<iframe src="[^"]+\?mode=embed#s=v1\.[^"]+" width="800" height="450"/);
  const src = snippet.match(/src="([^"]+)"/)[1];
  await app.close();
  assert.deepEqual(appProblems, []);

  const host = await hostPage(src);
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width: 1000, height: 700 });
  const problems = watchProblems(page);
  await page.goto(host.url);
  const frame = page.frameLocator('#zs');
  await frame.getByTestId('embed-bar').waitFor();
  assert.equal(await frame.getByTestId('faults').count(), 0, 'only the map and a small bar');
  assert.ok(await page.evaluate(() => document.querySelector('#zs').contentDocument === null), 'another origin');
  const fits = await page.frames()[1].evaluate(() => {
    const el = document.scrollingElement;
    return { sh: el.scrollHeight, ch: el.clientHeight, sw: el.scrollWidth, cw: el.clientWidth };
  });
  assert.ok(fits.sh <= fits.ch && fits.sw <= fits.cw, `no scrollbars: ${JSON.stringify(fits)}`);
  await page.screenshot({ path: path.join(shots, 'embed-host.png') });
  await page.locator('#zs').screenshot({ path: path.join(shots, 'embed-800x450.png') });
  // Play, then scroll the frame out of view: it pauses.
  await frame.getByTestId('play-toggle').click();
  await page.waitForTimeout(300);
  assert.equal(await frame.getByTestId('play-toggle').getAttribute('aria-label'), 'Pause');
  await page.locator('#bottom').scrollIntoViewIfNeeded();
  const paused = async () => (await frame.getByTestId('play-toggle').getAttribute('aria-label')) === 'Play';
  for (let i = 0; i < 20 && !(await paused()); i++) await page.waitForTimeout(100);
  assert.ok(await paused(), 'out of view, it pauses');
  // "Open in ZooScope" opens the same run, at the same instant, in the full app.
  await page.locator('#zs').scrollIntoViewIfNeeded();
  const t = Number(await frame.getByTestId('sim-clock').getAttribute('data-micros'));
  const [full] = await Promise.all([page.context().waitForEvent('page'), frame.getByTestId('embed-open').click()]);
  await full.getByTestId('present-open').waitFor();
  assert.ok(!full.url().includes('mode=embed'), full.url());
  assert.equal(await micros(full), Math.floor(t / 1000) * 1000);
  await full.close();
  assert.deepEqual(problems, []);
  await page.close();
  await host.close();
});

test('export: the trace equals `zooscope run` on the exported scenario, byte for byte; pictures; opening files', async () => {
  const { page, problems } = await open('index.html');
  // Change the run, so the export is of the scenario as it stands.
  await seek(page, 2500);
  await page.getByTestId('crash-leader').click();
  await page.getByTestId('share-open').click();
  const scn = await download(page, () => page.getByTestId('export-scenario').click());
  const trace = await download(page, () => page.getByTestId('export-trace').click());
  assert.match(scn.name, /\.scn$/);
  assert.match(trace.name, /\.jsonl$/);
  assert.match(scn.bytes.toString(), /at 2\.5s crash leader|at 2500ms crash leader/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zooscope-export-'));
  const file = path.join(dir, scn.name);
  fs.writeFileSync(file, scn.bytes);
  const cli = execFileSync('cargo', ['run', '-q', '-p', 'engine', '--bin', 'zooscope', '--', 'run', file], {
    cwd: path.resolve('..'),
    maxBuffer: 64 << 20,
  });
  assert.ok(cli.length > 100, 'the CLI printed a trace');
  assert.ok(Buffer.compare(trace.bytes, cli) === 0, 'the download is what the CLI prints, byte for byte');

  const svg = await download(page, () => page.getByTestId('export-map-svg').click());
  const text = svg.bytes.toString();
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(text, /<style>/);
  assert.match(text, />s1</);
  const png = await download(page, () => page.getByTestId('export-map-png').click());
  assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const diagram = await download(page, () => page.getByTestId('export-diagram-svg').click());
  assert.match(diagram.bytes.toString(), /^<svg/);
  await page.keyboard.press('Escape');

  // Open the exported file with the picker: the same run, at time zero.
  await page.getByTestId('open-file').setInputFiles(file);
  await page.waitForFunction(() => document.querySelector('[data-testid=sim-clock]').dataset.micros === '0');
  await page.getByTestId('share-open').click();
  assert.equal(await page.getByTestId('share-text').inputValue(), scn.bytes.toString());
  await page.keyboard.press('Escape');
  // A bad file, dropped on the page: a clear error, the run stays.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['fly to the moon\n'], 'bad.scn', { type: 'text/plain' }));
    document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /^This file does not open: bad\.scn: line 1: /);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('compare: the wrong way and the right way in lockstep on one clock, one link holds both', async () => {
  const { page, problems } = await open('index.html');
  await page.getByTestId('gallery-open').click();
  await page.locator('[data-testid=gallery-compare][data-file="paused-lock-unfenced.scn"]').click();
  await page.getByTestId('versus').waitFor();
  assert.equal(await page.getByTestId('cluster').count(), 2);
  // Play at 5× and watch both maps move on one clock.
  await page.getByTestId('speed').fill('11');
  await page.getByTestId('play-toggle').click();
  await page.waitForTimeout(1500);
  await page.getByTestId('play-toggle').click();
  const times = await page.locator('[data-testid=cluster] svg.cluster-map').evaluateAll((maps) => maps.length);
  assert.equal(times, 2);
  // At the end: the unfenced lock broke, the fenced one held.
  await seek(page, 18000);
  const a = page.getByTestId('versus-a').getByTestId('versus-verdict');
  const b = page.getByTestId('versus-b').getByTestId('versus-verdict');
  await page.waitForFunction(() => document.querySelector('[data-testid=versus-a] [data-testid=versus-verdict]').dataset.ok === 'false');
  assert.equal(await b.getAttribute('data-ok'), 'true');
  assert.match(await a.textContent(), /^Broken: /);
  await shot(page, 'compare-1280x720');
  // One link holds both.
  await page.getByTestId('share-open').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.match(link, /&vs=v1\./);
  await page.keyboard.press('Escape');
  const other = await site.browser.context.newPage();
  const otherProblems = watchProblems(other);
  await other.goto(link);
  await other.getByTestId('versus').waitFor();
  assert.equal(await other.getByTestId('versus-b').getByTestId('versus-verdict').getAttribute('data-ok'), 'true');
  assert.equal(await other.getByTestId('versus-a').getByTestId('versus-verdict').getAttribute('data-ok'), 'false');
  await other.close();
  await page.getByTestId('end-compare').click();
  await page.getByTestId('versus').waitFor({ state: 'detached' });
  assert.deepEqual([...problems, ...otherProblems], []);
  await page.close();
});

test('timeline: markers too close to click group with a count; zoom spreads them; the end stops playback', async () => {
  const { page, problems } = await open('index.html');
  // Elect, crash the leader, re-elect: three markers within a few hundred ms.
  await seek(page, 3000);
  await page.getByTestId('crash-leader').click();
  await seek(page, 6000);
  // The whole planned run: the markers sit within pixels of each other and group.
  const group = page.getByTestId('marker-group').first();
  await group.waitFor();
  assert.match(await group.getAttribute('aria-label'), /events, click to zoom in/);
  assert.equal(await page.locator('[data-testid=marker][data-kind=crash]').count(), 0, 'the crash was covered');
  await group.click();
  // Zoomed in: the crash has its own marker; it is a button the keyboard reaches, and it seeks.
  const crash = page.locator('[data-testid=marker][data-kind=crash]');
  await crash.waitFor();
  await crash.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=sim-clock]').dataset.micros === '3000000');
  // The wheel zooms too (and the page does not scroll).
  const before = await page.getByTestId('window-to').textContent();
  const box = await page.getByTestId('scrubber').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 400);
  await page.waitForFunction((b) => document.querySelector('[data-testid=window-to]').textContent !== b, before);
  assert.equal(await page.evaluate(() => scrollY), 0);
  await page.getByTestId('timeline-fit').click();
  await shot(page, 'timeline-1280x720');
  // The end: playback stops at the scenario's end and says so; "Run on" goes past it.
  await seek(page, 119500);
  await page.getByTestId('speed').fill('12');
  await page.getByTestId('play-toggle').click();
  await page.getByTestId('run-end').waitFor();
  assert.equal(await micros(page), 120_000_000);
  assert.equal(await page.getByTestId('end-flag').count(), 1);
  await page.getByTestId('run-on').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=sim-clock]').dataset.micros) > 120_000_000);
  await page.getByTestId('play-toggle').click();
  assert.deepEqual(problems, []);
  await page.close();
});

test('feedback stays put: buttons keep their place, errors sit by their field, a dropped message says so, links keep speed and selection', async () => {
  const { page, problems } = await open('index.html');
  await seek(page, 3000);
  // Selecting a server, then crashing it: "Heal" does not move.
  await page.locator('[data-testid=server][data-server=s1]').click();
  const heal = async () => (await page.getByTestId('heal').boundingBox()).y;
  const y0 = await heal();
  await page.getByTestId('crash-server').click();
  await page.getByTestId('restart-server').waitFor();
  assert.equal(await heal(), y0, 'the buttons below did not jump');
  // A bad partition: the error is beside the field, not at the top; fixed, it goes.
  await page.getByTestId('partition-text').fill('s1 | s9');
  await page.getByTestId('partition-apply').click();
  await page.getByTestId('partition-error').waitFor();
  assert.equal(await page.getByTestId('notice').count(), 0);
  assert.equal(await page.getByTestId('partition-text').getAttribute('aria-invalid'), 'true');
  await page.getByTestId('partition-text').fill('s1 | s2');
  await page.getByTestId('partition-apply').click();
  await page.getByTestId('partition-error').waitFor({ state: 'detached' });
  // Drop a message in flight: its panel says it was dropped.
  // Paused, step event by event until one is in flight: playing and pausing raced with delivery
  // (at the default pace a message crosses in a fifth of a second, about one click on a busy
  // machine, and a message gone before the pause left nothing to click).
  await page.getByTestId('heal').click();
  const messages = page.locator('[data-testid=message]');
  for (let i = 0; i < 100 && (await messages.count()) === 0; i++) await page.getByTestId('step').click();
  const msg = messages.first();
  await msg.click({ force: true });
  await page.getByTestId('drop-message').click();
  const fate = page.getByTestId('message-fate');
  await fate.waitFor();
  assert.equal(await fate.getAttribute('data-dropped'), 'true');
  assert.match(await fate.textContent(), /was dropped/);
  // A share link keeps the speed and the selection.
  await page.getByTestId('speed').fill('8');
  await page.locator('[data-testid=server][data-server=s2]').click();
  await page.getByTestId('share-open').click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.keyboard.press('Escape');
  const other = await site.browser.context.newPage();
  const otherProblems = watchProblems(other);
  await other.goto(link);
  await other.getByTestId('server-faults').waitFor();
  assert.equal(await other.getByTestId('speed-value').textContent(), '0.5×');
  assert.match(await other.getByTestId('server-faults').textContent(), /s2/);
  await other.close();
  assert.deepEqual([...problems, ...otherProblems], []);
  await page.close();
});

test('on a phone, choosing a server raises its actions as a sheet right there', async () => {
  const { page, problems } = await open('index.html#', { size: [390, 844] });
  await seek(page, 900);
  await page.locator('[data-testid=server][data-server=s3]').click();
  const sheet = page.getByTestId('action-sheet');
  await sheet.waitFor();
  const box = await sheet.boundingBox();
  assert.ok(box.y + box.height <= 844 + 1 && box.y > 300, `on screen, at the bottom: ${JSON.stringify(box)}`);
  assert.equal(await sheet.evaluate((el) => getComputedStyle(el).position), 'fixed');
  await shot(page, 'phone-sheet-390x844');
  await page.getByTestId('sheet-close').click();
  await sheet.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await page.close();
});

for (const lang of ['en', 'zh-CN']) {
  test(`axe (${lang}): presenter, embed and compare modes have no serious or critical violations`, async () => {
    const found = [];
    const all = [];
    for (const [where, address, size] of [
      ['presenter', 'index.html?mode=present#lesson=02-promises', [1920, 1080]],
      ['embed', 'index.html?mode=embed', [800, 450]],
      ['embedded lesson', 'index.html?mode=embed#lesson=03-leader-election', [800, 450]],
    ]) {
      const { page, problems } = await open(address, { size, lang });
      await page.waitForTimeout(300);
      await page.addScriptTag({ path: axePath });
      found.push(...(await axe(page, `${lang} ${where}`)).map((l) => `${where}: ${l}`));
      all.push(...problems);
      if (lang === 'en' && where !== 'presenter') await shot(page, `${where.replace(' ', '-')}-${size.join('x')}`);
      await page.close();
    }
    const { page, problems } = await open('index.html', { lang });
    await page.getByTestId('gallery-open').click();
    await page.locator('[data-testid=gallery-compare][data-file="herd-lock.scn"]').click();
    await page.getByTestId('versus').waitFor();
    await page.addScriptTag({ path: axePath });
    found.push(...(await axe(page, `${lang} compare`)).map((l) => `compare: ${l}`));
    all.push(...problems);
    await page.close();
    assert.deepEqual(found, [], 'serious or critical accessibility violations');
    assert.deepEqual(all, []);
  });
}
