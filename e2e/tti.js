// Time to interactive of the release site (a measurement, not a test): loads dist/ N times in
// headless Chromium, each time in a fresh page with nothing cached (the server sends no-store),
// and prints the median time from navigation start until the play button is attached and
// enabled (performance.now() in the page). Usage: `make dist && node e2e/tti.js [N]` (N = 5);
// DIST=dir measures another build of the site.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDir } from './serve.js';
import { launch } from './browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 5);

const server = await serveDir(process.env.DIST ?? path.resolve(here, '..', 'dist'), '/zooscope/');
const browser = await launch();
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.context.newPage();
    await page.goto(server.url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      () => {
        const play = document.querySelector('[data-testid=play-toggle]');
        return play && !play.disabled ? performance.now() : false;
      },
      null,
      { polling: 'raf', timeout: 30000 },
    );
    times.push(await handle.jsonValue());
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`time to interactive over ${runs} loads: median ${median.toFixed(0)} ms ` +
  `(all: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`);
