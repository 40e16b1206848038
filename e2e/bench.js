// Frame-time benchmark of the app (not a test): 7 servers and 30 clients contending for locks
// over slow links, played at high speed for ~10 s of real time while the page records every
// animation frame's duration and how many messages are in flight.
//
// Run after `make dist`:   node e2e/bench.js
// Options (environment):   BENCH_SECONDS=10  BENCH_SPEED=12 (index into the speed slider, 12 = 10x)
//                          BENCH_AT=1500 (ms: the share link's instant, once every client runs)
//                          BENCH_PROFILE=1 (also sample a CPU profile and print where time went;
//                          function names need a build that keeps them, e.g. an index.html copy
//                          with data-wasm-opt="0" data-keep-debug built into DIST=/tmp/profdist)
//                          BENCH_OURS=regex (with BENCH_PROFILE: which functions to list inclusive,
//                          e.g. 'FunctionProvider>::run::' for every component drawn)
//                          BENCH_TRACE=1 (also trace the renderer and print where its main thread
//                          went; BENCH_TRACE_FILE=f.json keeps the trace, for chrome://tracing;
//                          BENCH_CATS=a,b traces other categories)
//                          BENCH_MUTATIONS=1 (count the page's changes while playing, by where)
//                          BENCH_CSS='…' (extra style rules put in the page before playing: to
//                          see what a part of the page costs, e.g. '.legend { display: none }')
//                          DIST=dir (the site to serve, default dist/)
//                          BENCH_VIEW=diagram (scroll the space-time diagram into view first)
//                          BENCH_DIAGRAM=1 (instead of playing: open the run at BENCH_AT, show the
//                          diagram over the whole run and zoom it in or out on every frame; prints
//                          the frame times and how many messages the window held)
// Prints p50 / p95 / max frame time, the frames per second, and messages in flight (mean, max).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serveDir } from './serve.js';
import { launch } from './browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = process.env.DIST ?? path.join(root, 'dist');
const profiling = process.env.BENCH_PROFILE === '1';
const output = path.join(here, 'output');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const speed = String(process.env.BENCH_SPEED ?? 12);
const at = Number(process.env.BENCH_AT ?? 1500);

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`no ${dist}/index.html: run make dist first`);
  process.exit(1);
}

// The scenario: ten clients write (queue producers, an item every 50 ms each), the other twenty
// contend for locks, half on the herd lock (every release wakes every waiter), half on the
// exclusive lock, holding briefly; 40-120 ms links keep hundreds of messages on their way.
function scenario() {
  const lines = [
    '# Benchmark: 7 servers, 30 clients writing or on locks, slow links.',
    'seed 7',
    'ensemble servers=7',
    'network latency=40ms..120ms',
  ];
  const names = Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(2, '0')}`);
  for (const n of names) lines.push(`client ${n}`);
  names.forEach((n, i) => {
    let program;
    if (i < 10) program = 'producer count=100000 every=50ms';
    else program = `${i % 2 === 0 ? 'herd-lock' : 'lock'} hold=30ms rest=10ms`;
    lines.push(`at ${(1 + i * 0.02).toFixed(2)}s ${n} runs ${program}`);
  });
  lines.push('run 120s');
  return lines.join('\n') + '\n';
}

// The share-link fragment, from the engine's own encoder (the CLI).
function fragment(text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zooscope-bench-'));
  const file = path.join(dir, 'bench.scn');
  fs.writeFileSync(file, text);
  try {
    const out = execFileSync(
      'cargo',
      ['run', '-q', '-p', 'engine', '--bin', 'zooscope', '--', 'encode', file],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CARGO_BUILD_JOBS: '1' } },
    );
    return out.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The functions that took the most time by themselves, then the app's own functions with the
// time spent inside them (callees included).
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const timeOf = new Map();
  profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map();
  const incl = new Map();
  let total = 0;
  for (const [id, t] of timeOf) {
    total += t;
    const name = byId.get(id).callFrame.functionName || '(native)';
    self.set(name, (self.get(name) ?? 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur).callFrame.functionName;
      if (n && !seen.has(n)) {
        seen.add(n);
        incl.set(n, (incl.get(n) ?? 0) + t);
      }
    }
  }
  const show = (entries) => {
    for (const [name, t] of entries) {
      console.log(`${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${name.slice(0, 150)}`);
    }
  };
  console.log('--- self time ---');
  show([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25));
  const focus = process.env.BENCH_CALLEES;
  if (focus) {
    // What the named function's time went to: every function below it, inclusive.
    const below = new Map();
    for (const [id, t] of timeOf) {
      const stack = [];
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur).callFrame.functionName);
      const at = stack.findIndex((n) => n.includes(focus));
      if (at < 0) continue;
      for (const n of new Set(stack.slice(0, at))) below.set(n, (below.get(n) ?? 0) + t);
    }
    console.log(`--- below ${focus} ---`);
    show([...below.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25));
  }
  console.log('--- inside the app (inclusive) ---');
  // BENCH_OURS=regex: which functions to list (e.g. 'FunctionProvider>::run' for every component).
  const ours = new RegExp(process.env.BENCH_OURS ?? '(web::|engine::|State as core::clone)');
  show([...incl.entries()].filter(([n]) => ours.test(n)).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.BENCH_TOP ?? 15)));
}

// With BENCH_TRACE=1, trace the renderer from now until endTrace (else nothing).
async function startTrace(page) {
  if (process.env.BENCH_TRACE !== '1') return null;
  const session = await page.context().newCDPSession(page);
  const events = [];
  session.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await session.send('Tracing.start', {
    categories: process.env.BENCH_CATS ?? 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,v8.execute',
    transferMode: 'ReportEvents',
  });
  return { session, events };
}

// Stop the trace and print where the renderer's main thread went, by trace event (complete
// events, self and children).
async function endTrace(tracing) {
  if (!tracing) return;
  const { session, events } = tracing;
  const done = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
  await session.send('Tracing.end');
  await done;
  if (process.env.BENCH_TRACE_FILE) fs.writeFileSync(process.env.BENCH_TRACE_FILE, JSON.stringify({ traceEvents: events }));
  const main = events.filter((e) => e.ph === 'X' && e.dur && /CrRendererMain/.test(threadName(events, e)));
  const byName = new Map();
  for (const e of main) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
  console.log('--- renderer main thread, by trace event (ms, events nest) ---');
  for (const [name, dur] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.BENCH_TOP ?? 25))) {
    console.log(`${(dur / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
}

const names = new Map();
function threadName(events, e) {
  if (!names.size) for (const m of events) if (m.ph === 'M' && m.name === 'thread_name') names.set(`${m.pid}:${m.tid}`, m.args.name);
  return names.get(`${e.pid}:${e.tid}`) ?? '';
}

// The diagram over the whole run, zoomed in and out about its middle on every frame: each
// frame works out and draws the scene anew.
async function diagramFrames(page) {
  await page.getByTestId('lamport-canvas').scrollIntoViewIfNeeded();
  await page.getByTestId('lamport-pings').check();
  await page.getByTestId('lamport-whole').click();
  await page.waitForTimeout(300);
  const cdp = profiling ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const tracing = await startTrace(page);
  const r = await page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const canvas = document.querySelector('[data-testid=lamport-canvas]');
        const box = canvas.getBoundingClientRect();
        const frames = [];
        const held = [];
        const drawn = [];
        let last = null;
        let i = 0;
        const start = performance.now();
        const tick = (now) => {
          if (last !== null) frames.push(now - last);
          last = now;
          held.push(Number(canvas.dataset.arrows));
          drawn.push(Number(canvas.dataset.drawn));
          canvas.dispatchEvent(new WheelEvent('wheel', {
            deltaY: i++ % 2 ? 100 : -100, clientX: box.left + box.width / 2, clientY: box.top + 50,
            bubbles: true, cancelable: true,
          }));
          if (now - start < ms) requestAnimationFrame(tick);
          else resolve({ frames, held, drawn });
        };
        requestAnimationFrame(tick);
      }),
    seconds * 1000,
  );
  if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
  await endTrace(tracing);
  const sorted = [...r.frames].sort((a, b) => a - b);
  const f = (x) => x.toFixed(1);
  const held = r.held.filter((n) => n > 0);
  console.log(`diagram over the whole run at ${at} ms: messages in the window min ${Math.min(...held)}, max ${Math.max(...held)}`);
  console.log(`arrows drawn after merging those on the same pixels: max ${Math.max(...r.drawn)}`);
  console.log(
    `diagram frames: ${sorted.length} (${f(sorted.length / seconds)} fps)  ` +
      `p50 ${f(pct(sorted, 50))} ms  p95 ${f(pct(sorted, 95))} ms  max ${f(sorted[sorted.length - 1])} ms`,
  );
  await browser.close();
  await server.close();
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const server = await serveDir(dist, '/zooscope/');
const browser = await launch();
try {
  const link = `${server.url}#${fragment(scenario())}&t=${at}`;
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(link);
  await page.getByTestId('cluster').waitFor();
  const servers = await page.getByTestId('server').count();
  const clients = await page.getByTestId('client').count();
  if (process.env.BENCH_DIAGRAM === '1') {
    await diagramFrames(page);
    process.exit(0);
  }
  if (process.env.BENCH_VIEW === 'diagram') {
    await page.getByTestId('lamport').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
  }
  if (process.env.BENCH_CSS) await page.addStyleTag({ content: process.env.BENCH_CSS });
  await page.getByTestId('speed').fill(speed);
  const factor = await page.getByTestId('speed-value').textContent();

  const cdp = profiling ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const tracing = await startTrace(page);
  if (process.env.BENCH_MUTATIONS === '1') {
    // Count the page's changes while it plays, by the nearest element with a class or test id.
    await page.evaluate(() => {
      const where = (n) => {
        let e = n.nodeType === 1 ? n : n.parentElement;
        const path = [];
        while (e && path.length < 3) {
          const name = e.dataset?.testid ?? e.getAttribute('class');
          if (name) path.unshift(`${e.tagName.toLowerCase()}.${name}`);
          e = e.parentElement;
        }
        return path.join(' > ');
      };
      window.benchMutations = new Map();
      new MutationObserver((list) => {
        for (const m of list) {
          const key = `${m.type}${m.attributeName ? ' ' + m.attributeName : ''}  ${where(m.target)}`;
          window.benchMutations.set(key, (window.benchMutations.get(key) ?? 0) + 1);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  }
  await page.getByTestId('play-toggle').click();
  const result = await page.evaluate(
    (ms) =>
      new Promise((resolve) => {
        const frames = [];
        const flying = [];
        const arrows = [];
        let last = null;
        const start = performance.now();
        const tick = (now) => {
          if (last !== null) frames.push(now - last);
          last = now;
          flying.push(Number(document.querySelector('[data-testid=messages]')?.dataset.count ?? 0));
          arrows.push(Number(document.querySelector('[data-testid=lamport-canvas]')?.dataset.drawn ?? 0));
          if (now - start < ms) requestAnimationFrame(tick);
          else resolve({ frames, flying, arrows });
        };
        requestAnimationFrame(tick);
      }),
    seconds * 1000,
  );
  fs.mkdirSync(output, { recursive: true });
  await page.screenshot({ path: path.join(output, 'bench-playing-1280.png') });
  await page.getByTestId('play-toggle').click();
  if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
  await endTrace(tracing);
  if (process.env.BENCH_MUTATIONS === '1') {
    const counts = await page.evaluate(() => [...window.benchMutations.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40));
    console.log('--- changes to the page while playing (count, kind, where) ---');
    for (const [key, n] of counts) console.log(`${String(n).padStart(7)}  ${key}`);
  }
  const simMs = Number(await page.getByTestId('sim-clock').getAttribute('data-micros')) / 1000;
  fs.mkdirSync(output, { recursive: true });
  await page.screenshot({ path: path.join(output, 'bench-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  await page.screenshot({ path: path.join(output, 'bench-390.png'), fullPage: true });

  const sorted = [...result.frames].sort((a, b) => a - b);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const f = (x) => x.toFixed(1);
  console.log(`scenario: ${servers} servers, ${clients} clients, speed ${factor}, from t=${at} ms`);
  console.log(`played ${seconds} s real -> simulated clock at ${f(simMs)} ms`);
  console.log(
    `frames: ${sorted.length} (${f(sorted.length / seconds)} fps)  ` +
      `p50 ${f(pct(sorted, 50))} ms  p95 ${f(pct(sorted, 95))} ms  max ${f(sorted[sorted.length - 1])} ms`,
  );
  console.log(
    `messages in flight per frame: mean ${f(mean(result.flying))}  max ${Math.max(...result.flying)}`,
  );
  console.log(`diagram arrows drawn per frame: mean ${f(mean(result.arrows))}  max ${Math.max(...result.arrows)}`);
  if (errors.length) console.log(`console errors: ${errors.join(' | ')}`);
} finally {
  await browser.close();
  await server.close();
}
