import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dockerfileFromRegistryBase } from '../../test/support/build-contexts';
import { podman } from '../../test/support/podman-cli';
import { TEST_CONTAINER_LABEL } from '../../test/support/test-env';
import type { GauntletCase, RunContext } from './gauntlet-case';
import { describeResult, gauntletRun, startBuild, waitForTaskStep, type GauntletApp } from './support-b-app';

/** Enough files and bytes that sending them takes a while (Podman extracts ~24 MB/s). */
const FILES = 1_500;
const FILE_BYTES = 24 * 1024;
const CHANGES = ['delete', 'add', 'both'] as const;

const name = (prefix: string, i: number) => `${prefix}/${String(i).padStart(5, '0')}`;

/**
 * The build folder changes while it is being sent: files deleted, files added, or both, with MANIFEST
 * (the list of files that must be there) rewritten to match, at a seeded moment of the upload. The build
 * must then either fail with an error that says the folder changed, or produce an image whose /ctx is
 * exactly what its own MANIFEST lists, that MANIFEST being the before or the after state: never a mix.
 */
export const contextChangeCase: GauntletCase = {
  name: 'context-changes-during-upload',
  description: `A ${FILES}-file context (${Math.round((FILES * FILE_BYTES) / 1e6)} MB) loses and/or gains files (and its MANIFEST) at a seeded moment of the upload: the image holds exactly the before or the after state, or the build fails saying the folder changed.`,
  fullRuns: 12,
  reducedRuns: 2,
  run: (ctx) => gauntletRun(ctx, (t) => changeDuringUpload(t, ctx)),
};

async function changeDuringUpload(t: GauntletApp, ctx: RunContext) {
  const change = CHANGES[Math.floor(ctx.random() * CHANGES.length)] as (typeof CHANGES)[number];
  const delayMs = Math.floor(ctx.random() * 1_500);
  const before = Array.from({ length: FILES }, (_, i) => name('f', i));
  const files: Record<string, string | Buffer> = {
    Dockerfile: dockerfileFromRegistryBase('COPY . /ctx/'),
    MANIFEST: `${before.join('\n')}\n`,
  };
  for (const f of before) files[f] = randomBytes(FILE_BYTES);
  const contextDir = t.context(files);

  // The after state: a seeded half of f/ gone (delete), or 300 new g/ files (add), or both.
  const cut = Math.floor(ctx.random() * FILES);
  const removed = change === 'add' ? [] : before.filter((_, i) => (i + cut) % 2 === 0);
  const added = change === 'delete' ? [] : Array.from({ length: 300 }, (_, i) => name('g', i));
  const after = [...before.filter((f) => !removed.includes(f)), ...added].sort();

  const repository = `gauntlet/context-${ctx.seed}`;
  const { buildId, taskId } = await startBuild(t, {
    contextDir,
    repository,
    mode: 'local',
    baseImageLogin: true,
  });
  const sending = await waitForTaskStep(t, taskId, /^Sending the build context/);
  const what = `${change} (-${removed.length} +${added.length}) ${delayMs} ms into the upload`;
  if (!sending) return { passed: false, detail: `${what}: the upload phase never came` };
  await new Promise((r) => setTimeout(r, delayMs));
  const changedAt = performance.now();
  mkdirSync(path.join(contextDir, 'g'), { recursive: true });
  for (const f of added) writeFileSync(path.join(contextDir, f), randomBytes(FILE_BYTES));
  for (const f of removed) rmSync(path.join(contextDir, f));
  writeFileSync(path.join(contextDir, 'MANIFEST'), `${after.join('\n')}\n`);

  const result = await t.finished(buildId, 180_000);
  const timeToErrorMs = result.result === 'failed' ? Math.round(performance.now() - changedAt) : null;
  const image = `localhost/${repository}:latest`;
  try {
    if (result.result === 'failed') {
      const said = result.error?.message ?? '';
      const clear = /changed while/i.test(said);
      return {
        passed: clear,
        timeToErrorMs,
        detail: `${what}: ${clear ? 'refused' : 'unclear error'}: ${describeResult(result)}`,
      };
    }
    if (result.result !== 'succeeded') return { passed: false, detail: `${what}: ${describeResult(result)}` };
    const inImage = await imageState(image);
    const state = sameList(inImage.manifest, before)
      ? 'before'
      : sameList(inImage.manifest, after)
        ? 'after'
        : 'neither';
    const consistent = state !== 'neither' && sameList(inImage.files, inImage.manifest);
    const missing = inImage.manifest.filter((f) => !inImage.files.includes(f)).length;
    const extra = inImage.files.filter((f) => !inImage.manifest.includes(f)).length;
    return {
      passed: consistent,
      detail: `${what}: built with the ${state} MANIFEST; ${consistent ? 'consistent' : `MIXED: ${missing} listed file(s) missing, ${extra} unlisted`}`,
    };
  } finally {
    await podman(['rmi', '-f', image]);
  }
}

/** The files under /ctx/f and /ctx/g of the built image, and its MANIFEST, read by a throwaway container. */
async function imageState(image: string): Promise<{ files: string[]; manifest: string[] }> {
  const script = 'cd /ctx && find f g -type f 2>/dev/null | sort; echo ---; cat MANIFEST';
  const r = await podman(['run', '--rm', '--label', `${TEST_CONTAINER_LABEL}=1`, image, 'sh', '-c', script]);
  const [files = '', manifest = ''] = r.stdout.split('---\n');
  const lines = (s: string) => s.split('\n').filter(Boolean);
  return { files: lines(files), manifest: lines(manifest) };
}

function sameList(a: string[], b: string[]): boolean {
  const sb = [...b].sort();
  return a.length === b.length && [...a].sort().every((x, i) => x === sb[i]);
}
