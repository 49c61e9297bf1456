import Docker from 'dockerode';
import { buildPreviewImages, IMAGES, PAGE } from '../../test/integration/preview/preview-images';
import { dockerfileFromRegistryBase } from '../../test/support/build-contexts';
import { podman } from '../../test/support/podman-cli';
import { TEST_CONTAINER_LABEL, testEnv } from '../../test/support/test-env';
import type { Envelope } from '../../electron/shared/contract';
import type { BuildResult } from '../../electron/shared/contract/build';
import type { PreviewRunResult } from '../../electron/shared/contract/preview';
import type { GauntletCase, RunContext } from './gauntlet-case';
import { describeResult, gauntletRun, startBuild, type GauntletApp } from './support-b-app';
import { tagState } from './support-b-registry-check';

const VARIANTS = ['two-builds', 'build-during-preview', 'two-previews-one-port'] as const;
type Variant = (typeof VARIANTS)[number];
type Mode = 'local' | 'push';

/**
 * Things at once: two real builds (local and/or push, seeded), a build while a preview serves, and two
 * previews asking for the same port. Each build must produce its own image (its own marker file, its own
 * digest, its own tag), a preview must keep answering while a build runs, and of two previews on one port
 * exactly one runs while the other is refused with the port's holder named; nothing is left behind.
 */
export const concurrencyCase: GauntletCase = {
  name: 'concurrency',
  description:
    'Seeded: two real builds at once (local/push), a build while a preview serves, or two previews on one port: each build its own correct image (marker, digest, tag), the preview answering throughout, one preview running and the other refused with a CONFLICT naming the holder; no shared temp folder or container left.',
  fullRuns: 9,
  reducedRuns: 1,
  run: async (ctx) => {
    await ensurePreviewImages();
    const variant = VARIANTS[ctx.index % VARIANTS.length] as Variant;
    return gauntletRun(ctx, (t) => RUNS[variant](t, ctx));
  },
};

let previewImages: Promise<void> | null = null;

/** The preview test images, made once per process (before a run's engine snapshot: they stay). */
function ensurePreviewImages(): Promise<void> {
  previewImages ??= (async () => {
    if ((await podman(['image', 'exists', IMAGES.httpd8081])).code === 0) return;
    await buildPreviewImages(new Docker({ socketPath: testEnv().podmanSocket }), testEnv().baseImage);
  })();
  return previewImages;
}

const RUNS: Record<
  Variant,
  (t: GauntletApp, ctx: RunContext) => Promise<{ passed: boolean; detail: string }>
> = {
  'two-builds': async (t, ctx) => {
    const modes: Mode[] = [ctx.random() < 0.5 ? 'local' : 'push', ctx.random() < 0.5 ? 'local' : 'push'];
    const builds = await Promise.all(modes.map((m, i) => startMarkedBuild(t, m, `${ctx.seed}-${i}`)));
    const results = await Promise.all(builds.map((b) => t.finished(b.buildId, 180_000)));
    const problems = (
      await Promise.all(builds.map((b, i) => checkBuild(b, results[i] as BuildResult)))
    ).flat();
    if (results[0]?.digest && results[0].digest === results[1]?.digest)
      problems.push('both builds gave one digest');
    return {
      passed: problems.length === 0,
      detail: `${modes.join(' + ')}: ${results.map((r) => r.result).join(', ')}${problems.length ? `; ${problems.join('; ')}` : ''}`,
    };
  },

  'build-during-preview': async (t, ctx) => {
    const mode: Mode = ctx.random() < 0.5 ? 'local' : 'push';
    const port = await freePreviewPort(t, ctx);
    const preview = await t.ok<PreviewRunResult>('preview.run', { image: IMAGES.httpd, hostPort: port });
    const problems: string[] = [];
    try {
      const build = await startMarkedBuild(t, mode, String(ctx.seed));
      let polls = 0;
      let misses = 0;
      let result: BuildResult | null = null;
      const finished = t.finished(build.buildId, 180_000).then((r) => (result = r));
      while (result === null) {
        polls++;
        if (!(await answers(preview.url))) misses++;
        await Promise.race([finished, new Promise((r) => setTimeout(r, 200))]);
      }
      problems.push(...(await checkBuild(build, result)));
      if (misses > 0) problems.push(`the preview missed ${misses} of ${polls} requests during the build`);
      if (!(await answers(preview.url))) problems.push('the preview stopped answering after the build');
      return {
        passed: problems.length === 0,
        detail: `${mode} build while a preview serves on ${port}: ${(result as BuildResult).result}, ${polls} polls${problems.length ? `; ${problems.join('; ')}` : ''}`,
      };
    } finally {
      await t.ok('preview.stop', { containerId: preview.containerId });
    }
  },

  'two-previews-one-port': async (t, ctx) => {
    const port = await freePreviewPort(t, ctx);
    const answersBoth = await Promise.all(
      [IMAGES.httpd, IMAGES.httpd8081].map((image) => t.call('preview.run', { image, hostPort: port })),
    );
    const ran = answersBoth.filter((a): a is Envelope<PreviewRunResult> & { ok: true } => a.ok);
    const refused = answersBoth.filter((a) => !a.ok);
    const problems: string[] = [];
    if (ran.length !== 1) problems.push(`${ran.length} previews run on port ${port}`);
    for (const r of refused) {
      if (r.ok) continue;
      const e = r.error;
      if (e.code !== 'CONFLICT' || e.fields?.portHolder !== 'preview' || !e.message.includes(String(port)))
        problems.push(`refusal not clear: ${e.code} ${e.message} ${JSON.stringify(e.fields ?? {})}`);
    }
    const winner = ran[0]?.result;
    if (winner && !(await answers(winner.url))) problems.push('the preview that won does not answer');
    for (const r of ran) await t.ok('preview.stop', { containerId: r.result.containerId });
    return {
      passed: problems.length === 0,
      detail: `two previews on ${port}: ${ran.length} ran (${winner?.image ?? '-'}), ${refused.length} refused${problems.length ? `; ${problems.join('; ')}` : ''}`,
    };
  },
};

interface MarkedBuild {
  buildId: string;
  mode: Mode;
  repository: string;
  marker: string;
}

/** A real build whose image carries a marker only it has (and a RUN step long enough to overlap). */
async function startMarkedBuild(t: GauntletApp, mode: Mode, id: string): Promise<MarkedBuild> {
  const marker = `marker ${id} ${Math.random().toString(36).slice(2)}`;
  const repository = `gauntlet/concurrent-${id}`;
  const contextDir = t.context({
    Dockerfile: dockerfileFromRegistryBase('COPY marker.txt /marker.txt', 'RUN sleep 1'),
    'marker.txt': `${marker}\n`,
  });
  const { buildId } = await startBuild(t, {
    contextDir,
    registry: mode === 'push' ? testEnv().registry : '',
    repository,
    mode,
    baseImageLogin: true,
  });
  return { buildId, mode, repository, marker };
}

/** The build succeeded with its own image: the loaded image holds its marker, or the tag is its digest. */
async function checkBuild(b: MarkedBuild, r: BuildResult): Promise<string[]> {
  if (r.result !== 'succeeded') return [`${b.repository}: ${describeResult(r)}`];
  if (b.mode === 'push') {
    const s = await tagState(b.repository, 'latest');
    return s.state === 'complete' && s.digest === r.digest
      ? []
      : [`${b.repository}: tag ${JSON.stringify(s)}`];
  }
  const image = `localhost/${b.repository}:latest`;
  const cat = await podman([
    'run',
    '--rm',
    '--label',
    `${TEST_CONTAINER_LABEL}=1`,
    image,
    'cat',
    '/marker.txt',
  ]);
  await podman(['rmi', '-f', image]);
  return cat.stdout.trim() === b.marker ? [] : [`${image} holds '${cat.stdout.trim()}', not its own marker`];
}

/** A free port away from 8080 (the e2e tests use it), seeded. */
async function freePreviewPort(t: GauntletApp, ctx: RunContext): Promise<number> {
  const from = 18_000 + Math.floor(ctx.random() * 2_000);
  return (await t.ok<{ port: number }>('preview.suggestPort', { from })).port;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok && (await res.text()).includes(PAGE);
  } catch {
    return false;
  }
}
