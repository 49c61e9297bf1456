// Log pipeline benchmark: a container printing as fast as it can → task log → rendered LogViewer in
// Chromium (browser mode), compared in the same run with `podman logs` of the same container to /dev/null.
/* global setTimeout, clearTimeout, window, document, performance, requestAnimationFrame -- Node + in-page code */
// Usage: node bench/log-pipeline.mjs [lines=1000000]. Needs podman (runc) and /usr/bin/chromium.
// LOG_BENCH_PROFILE=frames adds the page's long animation frames (> 50 ms, with the scripts in them);
// LOG_BENCH_PROFILE=trace a Chromium trace of the page's main-thread tasks (wall vs CPU time);
// LOG_BENCH_PROFILE=cpu also a CPU profile of the page during the flood (bench/out/log-pipeline.cpuprofile).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, copyFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startProfile, stopProfile, summariseTrace, TRACE_CATEGORIES } from './log-profile.mjs';

const LINES = Number(process.argv[2] ?? 1_000_000);
const IMAGE = 'localhost/kd-bench-busybox:latest';
const OUT = path.resolve('bench/out');
mkdirSync(OUT, { recursive: true });

// Podman here needs runc and cgroupfs (see the project's containers.conf notes).
const conf = path.join(OUT, 'containers.conf');
writeFileSync(
  conf,
  '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]\n' +
    '[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n',
);
process.env.CONTAINERS_CONF = conf;

function ensureImage() {
  if (spawnSync('podman', ['image', 'exists', IMAGE]).status === 0) return;
  const root = mkdtempSync(path.join(os.tmpdir(), 'kd-bench-rootfs-'));
  mkdirSync(path.join(root, 'bin'));
  copyFileSync('/bin/busybox', path.join(root, 'bin/busybox'));
  for (const applet of ['sh', 'seq', 'cat']) symlinkSync('busybox', path.join(root, 'bin', applet));
  const tar = spawn('tar', ['-C', root, '-c', '.']);
  const imp = spawn('podman', ['import', '--change', 'CMD ["/bin/sh"]', '-', IMAGE], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  tar.stdout.pipe(imp.stdin);
  return new Promise((resolve, reject) =>
    imp.on('exit', (code) => {
      rmSync(root, { recursive: true, force: true });
      if (code === 0) resolve();
      else reject(new Error(`podman import exited ${code}`));
    }),
  );
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

await ensureImage();
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
await build({
  entryPoints: ['bench/log-server.ts'],
  outfile: path.join(OUT, 'log-server.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});

const server = spawn(process.execPath, [path.join(OUT, 'log-server.mjs')], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
let serverOut = '';
server.stdout.on('data', (d) => (serverOut += d));
const waitFor = (re) =>
  new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${re}:\n${serverOut}`)), 300_000);
    const check = () => {
      const m = re.exec(serverOut);
      if (m) {
        clearTimeout(t);
        server.stdout.off('data', check);
        resolve(m);
      }
    };
    server.stdout.on('data', check);
    check();
  });

const [, url] = await waitFor(/browser mode: (\S+)/);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const name = `kd-bench-flood-${process.pid}`;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
  await page.getByRole('button', { name: /^Tasks: \d+ running$/ }).click();

  // Frame recorder: every animation frame's duration during the flood.
  await page.evaluate(() => {
    const w = window;
    w.__frames = [];
    w.__frameEnds = []; // ms since epoch, to pick the frames of the flood itself
    let last = performance.now();
    const tick = (t) => {
      w.__frames.push(t - last);
      w.__frameEnds.push(performance.timeOrigin + t);
      last = t;
      if (!w.__stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  const profiling = process.env.LOG_BENCH_PROFILE;
  if (profiling) await startProfile(page, cdp, profiling);
  if (profiling === 'trace') await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  spawnSync('podman', ['rm', '-f', name], { stdio: 'ignore' });
  server.stdin.write(`run ${IMAGE} ${LINES} ${name}\n`);
  const [, , t0s] = await waitFor(/started (\S+) (\d+)/);
  const t0 = Number(t0s);
  await page.getByRole('button', { name: 'Show log' }).first().click();
  // Done when the view shows the container's last line ("<LINES>") as the last rendered row.
  const tRendered = await page.evaluate(
    (last) =>
      new Promise((resolve) => {
        const check = () => {
          const rows = document.querySelectorAll('.task-log .log-row .log-text');
          if (rows.length && rows[rows.length - 1].textContent === last) resolve(Date.now());
          else requestAnimationFrame(check);
        };
        check();
      }),
    String(LINES),
  );
  const [, , tEndedS] = await waitFor(/ended (\S+) (\d+)/);
  const [, batches, batchP50, batchMax] = (await waitFor(/batches (\d+) (\d+) (\d+)/)).map(Number);
  const trace =
    profiling === 'trace'
      ? summariseTrace(await browser.stopTracing(), path.join(OUT, 'log-pipeline.trace.json'))
      : undefined;
  const profile = profiling
    ? await stopProfile(page, cdp, profiling, path.join(OUT, 'log-pipeline.cpuprofile'))
    : undefined;
  const [frames, frameEnds] = await page.evaluate(() => {
    window.__stopFrames = true;
    return [window.__frames, window.__frameEnds];
  });
  // Frames that ended between the task's start and its last line shown: the flood alone.
  const floodFrames = frames.filter((_, i) => frameEnds[i] > t0 && frameEnds[i] <= tRendered);
  await page.screenshot({ path: path.join(OUT, 'log-pipeline.png') });
  const domRows = await page.evaluate(() => document.querySelectorAll('.log-row').length);
  const dropped = await page.evaluate(() => document.querySelector('.log-dropped')?.textContent ?? '');
  await cdp.send('HeapProfiler.collectGarbage');
  const metrics = Object.fromEntries(
    (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
  );

  // The engine's own rate for the same container's output.
  const e0 = process.hrtime.bigint();
  const logs = spawnSync('podman', ['logs', name], { stdio: ['ignore', 'ignore', 'inherit'] });
  const engineSeconds = Number(process.hrtime.bigint() - e0) / 1e9;
  if (logs.status !== 0) throw new Error('podman logs failed');

  const pipelineSeconds = (tRendered - t0) / 1000;
  const result = {
    lines: LINES,
    pipelineSeconds,
    pipelineLinesPerSecond: Math.round(LINES / pipelineSeconds),
    containerRunSeconds: (Number(tEndedS) - t0) / 1000,
    engineLogsSeconds: engineSeconds,
    engineLinesPerSecond: Math.round(LINES / engineSeconds),
    ratioToEngine: Number((engineSeconds / pipelineSeconds).toFixed(2)),
    batches,
    batchLinesP50: batchP50,
    batchLinesMax: batchMax,
    frames: frames.length,
    frameP50Ms: Number(percentile(frames, 50).toFixed(1)),
    frameP95Ms: Number(percentile(frames, 95).toFixed(1)),
    frameMaxMs: Number(Math.max(...frames).toFixed(1)),
    floodFrames: floodFrames.length,
    floodFrameP95Ms: Number(percentile(floodFrames, 95).toFixed(1)),
    floodFramesOver40Ms: floodFrames.filter((f) => f > 40).length, // 3+ vsyncs
    jsHeapUsedMB: Number((metrics.JSHeapUsedSize / 1048576).toFixed(1)),
    jsHeapTotalMB: Number((metrics.JSHeapTotalSize / 1048576).toFixed(1)),
    domNodes: metrics.Nodes,
    renderedRows: domRows,
    droppedMarker: dropped,
    ...(profile && { profile }),
    ...(trace && { trace }),
  };
  writeFileSync(path.join(OUT, 'log-pipeline.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
} finally {
  spawnSync('podman', ['rm', '-f', name], { stdio: 'ignore' });
  await browser.close();
  server.stdin.write('quit\n');
  setTimeout(() => server.kill(), 2000).unref();
}
