// The whole course, taken as a student takes it: every lesson of lessons/*.lesson opened by its
// link, every step read, every task done through the UI (the map, the fault panel, the console,
// the generals form: never by injecting scenario text), the engine's verdict awaited, Next
// pressed, until the course remembers the lesson as done. Once in English on a laptop screen,
// once in Chinese on a phone screen, with no console error in either. The first step of every
// lesson is saved as a screenshot at 1280×720 and 390×844 (e2e/output/course/).
//
// A task's UI actions are read from its `solution` lines, the same reference solution that
// `zooscope lesson verify` applies: each line is done the way a student would do it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useSite, watchProblems, output } from './site.js';

const site = useSite();
const here = path.dirname(fileURLToPath(import.meta.url));
const LESSONS = path.resolve(here, '..', 'lessons');
const SHOTS = path.join(output, 'course');
// The longest a step may take to arrive, or a task's goal to be met, in real time.
const PATIENCE = 90_000;

/** Each lesson's name and, per step, its reference solution's lines (empty for a step without a task). */
function lessons() {
  return fs
    .readdirSync(LESSONS)
    .filter((f) => f.endsWith('.lesson'))
    .sort()
    .map((f) => {
      const steps = [];
      for (const raw of fs.readFileSync(path.join(LESSONS, f), 'utf8').split('\n')) {
        const line = raw.trim();
        if (line === 'step' || line === 'task') steps.push({ task: line === 'task', solution: [] });
        else if (line.startsWith('solution ') && steps.length) steps.at(-1).solution.push(line.slice(9));
      }
      return { name: f.replace(/\.lesson$/, ''), steps };
    });
}

const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

async function select(page, selector) {
  await page.locator(selector).first().click();
}

/** Type `value` into the number field of the fault panel's `testid` button, then press it. */
async function amount(page, testid, value) {
  const group = page.locator('.amount', { has: byTestId(page, testid) });
  await group.locator('input').fill(String(value));
  await byTestId(page, testid).click();
}

/** Do one task through the UI, as its solution lines say. */
async function solve(page, lines) {
  // Extra latency on every link of one server: its "Slow its links" button.
  const slow = lines.map((l) => l.match(/^latency (s\d+)<->s\d+ (\d+)ms$/));
  if (slow.every(Boolean) && new Set(slow.map((m) => m[1])).size === 1) {
    await select(page, `[data-testid=server][data-server=${slow[0][1]}]`);
    await amount(page, 'slow-server', slow[0][2]);
    return;
  }
  for (const line of lines) await act(page, line);
}

async function act(page, line) {
  let m;
  const server = (s) => select(page, `[data-testid=server][data-server=${s}]`);
  const client = (c) => select(page, `[data-testid=client][data-client=${c}]`);
  if (line === 'crash leader') return byTestId(page, 'crash-leader').click();
  if ((m = line.match(/^crash (s\d+)$/))) {
    await server(m[1]);
    return byTestId(page, 'crash-server').click();
  }
  if ((m = line.match(/^restart (s\d+)$/))) {
    await server(m[1]);
    return byTestId(page, 'restart-server').click();
  }
  if ((m = line.match(/^pause leader for (\d+)s$/))) {
    await select(page, '[data-testid=server][data-leader=true]');
    return amount(page, 'pause-server', m[1]);
  }
  if ((m = line.match(/^pause (s\d+) for (\d+)s$/))) {
    await server(m[1]);
    return amount(page, 'pause-server', m[2]);
  }
  if ((m = line.match(/^pause (\w+) for (\d+)s$/))) {
    await client(m[1]);
    return amount(page, 'pause-client', m[2]);
  }
  if ((m = line.match(/^drift (s\d+) ([+-]?\d+)%$/))) {
    await server(m[1]);
    return amount(page, 'drift-server', Number(m[2]));
  }
  if ((m = line.match(/^drift (\w+) ([+-]?\d+)%$/))) {
    await client(m[1]);
    return amount(page, 'drift-client', Number(m[2]));
  }
  if ((m = line.match(/^partition (.+)$/))) {
    await byTestId(page, 'partition-text').fill(m[1]);
    return byTestId(page, 'partition-apply').click();
  }
  if ((m = line.match(/^(\w+) crash$/))) {
    await client(m[1]);
    return byTestId(page, 'crash-client').click();
  }
  if ((m = line.match(/^(\w+) close$/))) {
    await client(m[1]);
    return byTestId(page, 'close-client').click();
  }
  if ((m = line.match(/^(\w+) runs byzantine generals=(\d+) traitors=([\d,]+)$/))) {
    await client(m[1]);
    const form = byTestId(page, 'generals-form');
    if ((await form.getAttribute('open')) === null) await form.locator('summary').click();
    await byTestId(page, 'generals-n').selectOption(m[2]);
    const traitors = m[3].split(',').map(Number);
    for (let g = 0; g < Number(m[2]); g++) {
      await byTestId(page, `traitor-g${g}`).setChecked(traitors.includes(g));
    }
    return byTestId(page, 'generals-run').click();
  }
  if ((m = line.match(/^(\w+) ((?:create|get|set|delete|sync|ls|stat) .+)$/))) {
    await byTestId(page, 'console-client').selectOption(m[1]);
    // Enter sends, as a student types it; a click on Send could land elsewhere when the panels
    // above it change height at that instant (a slow machine, a phone's long page). A sent
    // command leaves the field empty.
    const input = byTestId(page, 'console-input');
    const before = await byTestId(page, 'console-output').getAttribute('data-commands');
    // What the log says if the command goes missing: whether the page was loaded again, the
    // field is another element, the form saw a submit, and what the field held before Enter.
    const page_id = () => page.evaluate(() => performance.timeOrigin).catch(() => '?');
    const loaded = await page_id();
    await input.evaluate((el) => {
      el.dataset.walkMark = 'this one';
      window.walkSubmits ??= 0;
      if (!window.walkCounting) {
        window.walkCounting = true;
        document.addEventListener('submit', () => window.walkSubmits++, true);
      }
    });
    const submits = await page.evaluate(() => window.walkSubmits);
    await input.fill(m[2]);
    const filled = await input.inputValue().catch(() => '?');
    await input.press('Enter');
    const sent = (timeout) =>
      page
        .waitForFunction(() => document.querySelector('[data-testid=console-input]').value === '', null, { timeout })
        .then(() => true, () => false);
    // A sent command shows in the console, as the client's own line or as scheduled.
    const echoed = (timeout) =>
      page
        .waitForFunction(
          (cmd) =>
            [...document.querySelectorAll('[data-testid=console-line], [data-testid=console-scheduled]')].some((l) =>
              l.textContent.includes(cmd),
            ),
          m[2],
          { timeout },
        )
        .then(() => true, () => false);
    if ((await sent(10_000)) && (await echoed(10_000))) return;
    // Not sent (sending empties the field at once), or the field emptied without the command
    // showing in the console: say what the page shows, and try again as a student would
    // (Enter again, or type it again); if that fails too, fail with what the page showed.
    const shown = async () =>
      `the field holds "${await input.inputValue().catch(() => '?')}", the console says ` +
      `"${await byTestId(page, 'console-error').textContent({ timeout: 100 }).catch(() => '')}" and shows: ` +
      (await page.locator('[data-testid=console-line]').allInnerTexts().catch(() => [])).slice(-4).join(' | ') +
      `; the scenario holds ${await byTestId(page, 'console-output').getAttribute('data-commands').catch(() => '?')} ` +
      `commands of ${m[1]}, the page's notice says "${await byTestId(page, 'notice').textContent({ timeout: 100 }).catch(() => '')}"` +
      `; the page ${(await page_id()) === loaded ? 'was not' : 'WAS'} loaded again, the field ` +
      `${(await input.getAttribute('data-walk-mark').catch(() => null)) ? 'is the same element' : 'IS ANOTHER ELEMENT'}, ` +
      `the form saw ${(await page.evaluate(() => window.walkSubmits ?? 0).catch(() => '?')) - submits} submit(s), ` +
      `the field held "${filled}" before Enter`;
    console.log(`"${line}" was not sent and shown by the first Enter (${before} commands of ${m[1]} before): ${await shown()}`);
    // (A wait of 0 would wait for ever: read the field as it is.)
    if ((await input.inputValue().catch(() => '')) === '') await input.fill(m[2]);
    await input.press('Enter');
    if (!(await sent(30_000)) || !(await echoed(30_000))) throw new Error(`"${line}" was not sent: ${await shown()}`);
    return;
  }
  throw new Error(`the walk does not know how to do "${line}" in the UI`);
}

const lessonAt = (page, step, phase) =>
  page.locator(`[data-testid=lesson][data-step="${step}"]${phase ? `[data-phase=${phase}]` : ''}`);

/** Take the whole lesson: read each step, do each task, press Next, and Finish at the end. */
async function take(page, lesson, shot) {
  for (const [k, step] of lesson.steps.entries()) {
    await lessonAt(page, k + 1).waitFor();
    if (k === 0 && shot) await page.screenshot({ path: shot });
    const said = await byTestId(page, 'narration').innerText();
    assert.ok(said.trim().length > 20, `${lesson.name} step ${k + 1} says something`);
    if (step.task) {
      await lessonAt(page, k + 1, 'task').waitFor({ timeout: PATIENCE });
      assert.equal(await byTestId(page, 'task').getAttribute('data-met'), 'false',
        `${lesson.name} step ${k + 1}: nobody acted yet`);
      await solve(page, step.solution);
      await page.locator('[data-testid=task][data-met=true]').waitFor({ timeout: PATIENCE });
      assert.ok((await byTestId(page, 'praise').innerText()).length > 20, 'praise and the explanation');
    } else {
      await lessonAt(page, k + 1, 'done').waitFor({ timeout: PATIENCE });
    }
    await byTestId(page, 'lesson-next').click();
  }
  await byTestId(page, 'lesson').waitFor({ state: 'detached' });
}

async function walk(lang, width, height) {
  const page = await site.browser.context.newPage();
  await page.setViewportSize({ width, height });
  await page.addInitScript((tag) => localStorage.setItem('zooscope.lang', tag), lang);
  const problems = watchProblems(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.goto(site.server.url);
  await page.evaluate(() => localStorage.removeItem('zooscope.course'));
  for (const lesson of lessons()) {
    await page.goto(`${site.server.url}#lesson=${lesson.name}`);
    try {
      await take(page, lesson, path.join(SHOTS, `${lesson.name}-${width}x${height}.png`));
    } catch (e) {
      const at = await page.locator('[data-testid=lesson]').getAttribute('data-step').catch(() => '?');
      await page.screenshot({ path: path.join(SHOTS, `FAILED-${lesson.name}-${lang}.png`) });
      throw new Error(`${lesson.name} (${lang}), step ${at}: ${e.message}`);
    }
    // The progress is saved by an effect after the last step's render: give it that moment.
    await page
      .waitForFunction((name) => (localStorage.getItem('zooscope.course') ?? '').includes(name), lesson.name, {
        timeout: 5000,
      })
      .catch(() => {});
    const done = await page.evaluate(() => localStorage.getItem('zooscope.course'));
    assert.ok(done?.includes(lesson.name), `${lesson.name} is remembered as done: ${done}`);
    assert.deepEqual(problems, [], `${lesson.name} (${lang})`);
  }
  await page.close();
}

test('#lesson=NAME opens that lesson with its narration visible', async () => {
  const page = await site.browser.context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${site.server.url}#lesson=03-leader-election`);
  await byTestId(page, 'narration').waitFor();
  assert.equal(await byTestId(page, 'lesson').getAttribute('data-lesson'), '03-leader-election');
  assert.ok(await byTestId(page, 'narration').isVisible());
  assert.ok((await byTestId(page, 'narration').innerText()).includes('LOOKING'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the whole course in English at 1280×720, every task done through the UI', { timeout: 1_800_000 }, () =>
  walk('en', 1280, 720));

test('the whole course in Chinese at 390×844, every task done through the UI', { timeout: 1_800_000 }, () =>
  walk('zh-CN', 390, 844));
