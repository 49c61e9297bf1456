// Where the renderer's main thread spends the flood: a V8 CPU profile (CDP Profiler) summarised by self
// time, plus Chromium's long-animation-frame entries (frames > 50 ms, with the scripts that ran in them).
/* global window, PerformanceObserver -- in-page code */
import { writeFileSync } from 'node:fs';

/**
 * Starts recording long animation frames and, for mode 'cpu', sampling the page's main thread (100 µs;
 * the sampler itself slows the page down, so compare shares, not absolute times).
 */
export async function startProfile(page, cdp, mode) {
  await page.evaluate(() => {
    const w = window;
    w.__loaf = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__loaf.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration,
          renderStart: e.renderStart,
          styleAndLayoutStart: e.styleAndLayoutStart,
          scripts: e.scripts.map((s) => ({
            invoker: s.invoker,
            fn: s.sourceFunctionName,
            duration: s.duration,
            forcedLayout: s.forcedStyleAndLayoutDuration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame' });
  });
  if (mode !== 'cpu') return;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}

const round = (x) => Number(x.toFixed(1));

/** Stops the profile, writes it (open it in DevTools) and returns a summary of self time per function. */
export async function stopProfile(page, cdp, mode, outFile) {
  const loaf = await page.evaluate(() => window.__loaf);
  const longFrames = loaf.map((f) => ({
    duration: round(f.duration),
    blocking: round(f.blocking),
    scriptMs: round(f.scripts.reduce((s, x) => s + x.duration, 0)),
    renderMs: round(f.start + f.duration - f.renderStart),
    scripts: f.scripts
      .filter((s) => s.duration >= 1)
      .map((s) => `${s.invoker}${s.fn ? ` ${s.fn}` : ''} ${round(s.duration)}`),
  }));
  if (mode !== 'cpu') return { longFrames };
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(outFile, JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    total += ms;
    if (f.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    const file = f.url ? f.url.replace(/^.*\//, '') : '';
    const key = `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  }
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([fn, ms]) => ({ fn, ms: round(ms), pct: round((100 * ms) / total) }));
  return {
    profiledMs: round(total),
    busyMs: round(total - idle),
    busyPct: round((100 * (total - idle)) / total),
    topSelf: top,
    longFrames,
  };
}

/** Categories for mode 'trace': every main-thread task with wall time (dur) and CPU time (tdur). */
export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
];

/**
 * The renderer main thread's tasks in a Chromium trace: how much of their wall time was CPU time (the
 * rest is the thread waiting for a core), and the longest tasks with what ran inside them.
 */
export function summariseTrace(buffer, outFile) {
  writeFileSync(outFile, buffer);
  const { traceEvents } = JSON.parse(buffer.toString('utf8'));
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  // Top-level tasks only ('RunTask' and 'ThreadControllerImpl::RunTask' nest inside each other).
  const tasks = [];
  for (const e of onMain
    .filter((x) => x.name === 'ThreadControllerImpl::RunTask' || x.name === 'RunTask')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    const outer = tasks.at(-1);
    if (!outer || e.ts >= outer.ts + outer.dur) tasks.push(e);
  }
  const wall = tasks.reduce((s, e) => s + e.dur, 0) / 1000;
  const cpu = tasks.reduce((s, e) => s + (e.tdur ?? e.dur), 0) / 1000;
  const inside = (t) =>
    onMain
      .filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur >= 1000)
      .map((e) => `${e.name} ${round(e.dur / 1000)}/${round((e.tdur ?? e.dur) / 1000)}`);
  const longest = [...tasks]
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 8)
    .map((t) => ({ wallMs: round(t.dur / 1000), cpuMs: round((t.tdur ?? t.dur) / 1000), inside: inside(t) }));
  const first = Math.min(...tasks.map((t) => t.ts));
  const last = Math.max(...tasks.map((t) => t.ts + t.dur));
  const cpuOf = (names) =>
    round(onMain.filter((e) => names.includes(e.name)).reduce((s, e) => s + (e.tdur ?? e.dur), 0) / 1000);
  return {
    tracedMs: round((last - first) / 1000),
    scriptCpuMs: cpuOf(['FunctionCall']),
    renderCpuMs: cpuOf(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit']),
    mainTaskWallMs: round(wall),
    mainTaskCpuMs: round(cpu),
    longestTasks: longest,
  };
}
