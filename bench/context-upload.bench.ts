// Context upload: 100 MB / 5,000 files with a .dockerignore that excludes node_modules/ and *.log (40 %),
// sent into a created (never started) container: the app's path (createContextArchive → putArchive, the
// runner's putContext) vs the CLI's `tar -c --exclude … | podman cp - CONTAINER:/kaniko/buildcontext`. Both send
// the same files; after every app run the container's context folder is read back and must hold exactly the kept
// files. Run: npm run bench:upload (BENCH_RUNS=7 by default, one warm-up round discarded).
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import { extract as tarExtract } from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContextArchive } from '../electron/services/build/logic/context-archive';
import { putContext, putFolders, WORKSPACE_DIR } from '../electron/services/build/runner/container-files';
import { executorContainerSpec } from '../electron/services/build/runner/container-spec';
import { DEFAULT_EXECUTOR_IMAGE } from '../electron/shared/executor-release';
import { rmSync } from 'node:fs';
import { TEST_CONTAINER_LABEL, testEnv } from '../test/support/test-env';
import { makeBigContext, type BigContext } from './support/big-context';
import { writeResults } from './support/results';
import { fixed, ms, series, timed } from './support/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const env = testEnv();
const docker = new Docker({ socketPath: env.podmanSocket });
let ctx: BigContext;

beforeAll(async () => {
  ctx = makeBigContext(path.join(env.stateDir, 'bench-upload-context'));
});
afterAll(() => rmSync(ctx.dir, { recursive: true, force: true }));

/** A fresh created (not started) container exactly like a build container; not part of the timing. */
async function freshContainer(n: number): Promise<Docker.Container> {
  const spec = executorContainerSpec({
    image: DEFAULT_EXECUTOR_IMAGE,
    args: ['--no-push'],
    capAdd: ['CHOWN', 'FOWNER', 'DAC_OVERRIDE'],
    buildId: `benchupload${n}${Date.now()}`,
    installId: 'bench',
  });
  spec.Labels = { ...spec.Labels, [TEST_CONTAINER_LABEL]: '1' };
  const c = await docker.createContainer(spec);
  await putFolders(c, null); // the context folder, as the runner creates it
  return c;
}

async function appUpload(c: Docker.Container): Promise<number> {
  const { ms: elapsed } = await timed(async () => {
    const archive = createContextArchive(ctx.dir);
    await putContext(c, archive.stream);
    expect((await archive.files).length).toBe(ctx.keptFiles.length);
  });
  return elapsed;
}

function cliUpload(c: Docker.Container): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-C', ctx.dir, '-c', `--exclude=./${ctx.ignoredDir}`, '--exclude=*.log', '.'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const cp = spawn(
      'podman',
      ['--url', `unix://${env.podmanSocket}`, 'cp', '-', `${c.id}:${WORKSPACE_DIR}`],
      {
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    );
    let err = '';
    cp.stderr.on('data', (b: Buffer) => (err += b.toString()));
    tar.stdout.pipe(cp.stdin);
    let pending = 2;
    const done = (what: string) => (code: number | null) => {
      if (code !== 0) reject(new Error(`${what} exited ${code}: ${err}`));
      else if (--pending === 0) resolve(performance.now() - t0);
    };
    tar.on('close', done('tar'));
    cp.on('close', done('podman cp'));
  });
}

/** The regular files under the context folder in the container, relative to it. */
async function workspaceFiles(c: Docker.Container): Promise<string[]> {
  const tar = (await c.getArchive({ path: WORKSPACE_DIR })) as unknown as Readable;
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const ex = tarExtract();
    ex.on('entry', (h, s, next) => {
      if (h.type === 'file') names.push(h.name.replace(/^buildcontext\//, ''));
      s.on('end', next);
      s.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    tar.pipe(ex);
  });
  return names.sort();
}

it(`context upload: app vs tar | podman cp, ${RUNS} runs after a warm-up`, async () => {
  const expected = [...ctx.keptFiles].sort();
  const app: number[] = [];
  const cli: number[] = [];
  let verified = 0;
  for (let i = 0; i <= RUNS; i++) {
    const warmUp = i === 0;
    const order = i % 2 === 0 ? ['app', 'cli'] : ['cli', 'app'];
    for (const side of order) {
      const c = await freshContainer(i);
      try {
        const t = side === 'app' ? await appUpload(c) : await cliUpload(c);
        if (!warmUp) (side === 'app' ? app : cli).push(t);
        console.log(`[${side} ${warmUp ? 'warm-up' : i}] ${ms(t)}`);
        // Ignored files never reached the container: what is in the context folder is exactly the kept list.
        if (side === 'app' || i === 0) {
          const inside = await workspaceFiles(c);
          expect(inside.filter((f) => f.startsWith(`${ctx.ignoredDir}/`) || f.endsWith('.log'))).toEqual([]);
          expect(inside).toEqual(expected);
          verified++;
        }
      } finally {
        await c.remove({ force: true, v: true });
      }
    }
  }
  const a = series(app);
  const c = series(cli);
  const mb = ctx.keptBytes / 1e6;
  const appSpeed = mb / (a.median / 1000);
  const cliSpeed = mb / (c.median / 1000);
  const ratio = appSpeed / cliSpeed;
  const file = writeResults('context-upload', {
    runs: RUNS,
    context: { ...ctx, keptFiles: ctx.keptFiles.length },
    app: a,
    cli: c,
    appMBps: appSpeed,
    cliMBps: cliSpeed,
    speedRatioMedian: ratio,
    speedRatioMean: c.mean / a.mean,
    verifiedRuns: verified,
  });
  console.log(
    `context ${ctx.totalFiles} files / ${fixed(ctx.totalBytes / 1e6, 1)} MB; sent ${ctx.keptFiles.length} files / ` +
      `${fixed(mb, 1)} MB; ignored ${ctx.ignoredFiles} files / ${fixed(ctx.ignoredBytes / 1e6, 1)} MB\n` +
      `app median ${ms(a.median)} (${fixed(appSpeed, 1)} MB/s), CLI median ${ms(c.median)} (${fixed(cliSpeed, 1)} MB/s); ` +
      `speed ratio app/CLI ${fixed(ratio)} (median), ${fixed(c.mean / a.mean)} (mean); target >= 0.9; ` +
      `verified ${verified} uploads\nresults: ${file}`,
  );
  expect(app.length).toBe(RUNS);
});
