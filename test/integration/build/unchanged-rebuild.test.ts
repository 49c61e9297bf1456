import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult, HistoryEntry } from '../../../electron/shared/contract/build';
import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';
import { makeContext } from '../../support/build-contexts';
import { CACHE_REGISTRY_IMAGE } from '../../support/cache-registry-image';
import { podman, podmanOk, pushToTestRegistry } from '../../support/podman-cli';
import { TEST_CONTAINER_LABEL, testEnv } from '../../support/test-env';
import { saveRegistryLogin, startBuildApp, taskLog, type BuildTestApp } from './build-app';

// A local build with Cache whose inputs did not change gets the earlier image again without running the
// REAL executor; any change Kaniko would see (a file, the base image's digest in the registry, the image
// gone from Podman, Cache off) builds again.
const env = testEnv();
const tag = `r${Date.now()}`;
const repository = 'kd-reuse-test/app';
const base = `${env.registry}/kd-reuse-base:${tag}`;
let t: BuildTestApp;
let context: string;

interface Built {
  result: BuildResult;
  log: string[];
  entry: HistoryEntry;
}

async function build(over: Partial<BuildRequestInput> = {}): Promise<Built> {
  const req: BuildRequestInput = {
    contextDir: context,
    registry: 'localhost',
    repository,
    tags: [tag],
    mode: 'local',
    cache: true,
    baseImageLogin: true,
    ...over,
  };
  const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', req);
  const result = await t.finished(buildId, 180_000);
  const log = await taskLog(t, taskId);
  expect(result.result, log.slice(-30).join('\n')).toBe('succeeded');
  const entry = await t.ok<HistoryEntry>('history.get', { buildId });
  return { result, log, entry };
}

const ranKaniko = (b: Built) => b.log.some((l) => /^Executor .*cap-drop ALL/.test(l));
/** An image's ID without the algorithm (Podman's API and its CLI differ on the prefix). */
const bare = (id: string | undefined) => id?.replace(/^sha256:/, '');
const imageId = async (name: string) =>
  bare((await podmanOk(['image', 'inspect', '--format', '{{.Id}}', name])).trim());

beforeAll(async () => {
  await pushToTestRegistry(env.baseImage, base);
  context = makeContext({
    Dockerfile: `FROM ${base}\nCOPY a.txt /a.txt\nRUN echo one > /one\n`,
    'a.txt': 'a\n',
  });
  t = await startBuildApp();
  await saveRegistryLogin(t);
  await t.ok('settings.update', { cacheRegistryImage: CACHE_REGISTRY_IMAGE });
});
afterAll(async () => {
  await t?.close();
  for (const name of [
    `localhost/${repository}:${tag}`,
    `localhost/${repository}:again`,
    `localhost/kd-reuse-changed:${tag}`,
  ]) {
    await podman(['rmi', '-f', name]);
  }
});

describe('an unchanged local rebuild with Cache (real executor, real registry)', () => {
  let cold: Built;

  it('the first build runs Kaniko and records what its image depends on', async () => {
    cold = await build();
    expect(ranKaniko(cold)).toBe(true);
    expect(cold.entry.inputs?.key).toMatch(/^[0-9a-f]{64}$/);
    expect(bare(cold.entry.inputs?.imageId)).toBe(await imageId(`localhost/${repository}:${tag}`));
  });

  it('the same inputs again: the image is reused under the new name, no executor runs', async () => {
    const again = await build({ tags: ['again'] });
    expect(ranKaniko(again)).toBe(false);
    expect(again.log.join('\n')).toMatch(
      /Nothing this image depends on changed since the build of .*Kaniko did not run/,
    );
    expect(again.result.cache?.reusedFrom?.buildId).toBe(cold.result.buildId);
    expect(again.result.loadedImages).toEqual([`localhost/${repository}:again`]);
    expect(await imageId(`localhost/${repository}:again`)).toBe(bare(cold.entry.inputs?.imageId));
    expect(again.entry.inputs).toEqual(cold.entry.inputs);
  });

  it('a file written again (same bytes, new time) builds: COPY puts the time in the layer', async () => {
    const file = path.join(context, 'a.txt');
    writeFileSync(file, 'a\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const touched = await build();
    expect(ranKaniko(touched)).toBe(true);
    expect(touched.result.cache?.reusedFrom ?? null).toBeNull();
    expect(touched.entry.inputs?.key).not.toBe(cold.entry.inputs?.key);
  });

  it('a base image moved in the registry builds again', async () => {
    const before = await build();
    expect(ranKaniko(before)).toBe(false);
    const name = `kd-reuse-changer-${tag}`;
    await podmanOk([
      'run',
      '--name',
      name,
      '--label',
      `${TEST_CONTAINER_LABEL}=1`,
      env.baseImage,
      'touch',
      '/changed',
    ]);
    await podmanOk(['commit', '--quiet', name, `localhost/kd-reuse-changed:${tag}`]);
    await podman(['rm', '-f', name]);
    await pushToTestRegistry(`localhost/kd-reuse-changed:${tag}`, base);
    const moved = await build();
    expect(ranKaniko(moved)).toBe(true);
    expect(moved.entry.inputs?.key).not.toBe(before.entry.inputs?.key);
  });

  it('the image removed from Podman, or Cache off, builds again', async () => {
    const reused = await build();
    expect(ranKaniko(reused)).toBe(false);
    // By ID: the image also keeps the name Podman pulled it by (from the cache registry, by digest).
    await podmanOk(['rmi', '-f', reused.entry.inputs!.imageId, cold.entry.inputs!.imageId]);
    const rebuilt = await build();
    expect(ranKaniko(rebuilt)).toBe(true);
    expect(rebuilt.result.cache?.reusedFrom ?? null).toBeNull();

    const off = await build({ cache: false });
    expect(ranKaniko(off)).toBe(true);
    expect(off.entry.inputs).toBeUndefined();
  });
});
