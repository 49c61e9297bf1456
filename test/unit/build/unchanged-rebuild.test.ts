import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { planBuild } from '../../../electron/services/build/runner/build-plan';
import {
  inputsKeyOf,
  reuseApplies,
  reuseUnchanged,
  type UnchangedRebuildDeps,
} from '../../../electron/services/build/runner/unchanged-rebuild';
import type { HistoryEntry } from '../../../electron/shared/contract/build';
import { BuildRequest } from '../../../electron/shared/contract/build-request';

function planFor(dockerfile: string, extra: Record<string, unknown> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kd-reuse-'));
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  const req = BuildRequest.parse({
    contextDir: dir,
    repository: 'app',
    mode: 'local',
    cache: true,
    ...extra,
  });
  return planBuild(req, { executorImage: 'localhost/kaniko:test', defaultContextDir: dir });
}

/** An engine whose images are `images` (id → tags it got), and deps that record log lines. */
function depsWith(images: Map<string, string[]>, history: HistoryEntry[] = []) {
  const lines: string[] = [];
  const docker = {
    getImage: (id: string) => ({
      inspect: async () => {
        if (!images.has(id)) throw Object.assign(new Error('no such image'), { statusCode: 404 });
        return { Id: id };
      },
      tag: async ({ repo, tag }: { repo: string; tag: string }) => {
        images.get(id)?.push(`${repo}:${tag}`);
      },
    }),
  } as unknown as Docker;
  const deps: UnchangedRebuildDeps = {
    docker,
    history: { list: () => history },
    credentials: { authFor: () => null },
    signal: new AbortController().signal,
    line: (...text) => lines.push(...text),
  };
  return { deps, lines };
}

const succeeded = (buildId: string, key: string, imageId: string): HistoryEntry =>
  ({
    buildId,
    result: 'succeeded',
    startedAt: 1,
    digest: 'sha256:d',
    inputs: { key, imageId },
  }) as HistoryEntry;

describe('reusing the image of an unchanged build', () => {
  it('applies to local builds with Cache only', () => {
    expect(reuseApplies(planFor('FROM scratch\n'))).toBe(true);
    expect(reuseApplies(planFor('FROM scratch\n', { cache: false }))).toBe(false);
    expect(reuseApplies(planFor('FROM scratch\n', { mode: 'push', registry: '127.0.0.1:5000' }))).toBe(false);
  });

  it('has no key (the build runs) for a FROM named by a build argument, or without the executor image', async () => {
    const withArg = depsWith(new Map([['localhost/kaniko:test', []]]));
    expect(await inputsKeyOf(planFor('ARG BASE=alpine\nFROM ${BASE}\n'), withArg.deps)).toBeNull();
    expect(withArg.lines.join('\n')).toMatch(/FROM line names its image with a build argument/);
    const noExecutor = depsWith(new Map());
    expect(await inputsKeyOf(planFor('FROM scratch\nCOPY Dockerfile /d\n'), noExecutor.deps)).toBeNull();
  });

  it('keys a FROM scratch build without asking any registry, the same twice', async () => {
    const planned = planFor('FROM scratch\nCOPY Dockerfile /d\n');
    const { deps } = depsWith(new Map([['localhost/kaniko:test', []]]));
    const key = await inputsKeyOf(planned, deps);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await inputsKeyOf(planned, deps)).toBe(key);
  });

  it('takes the newest build with the key whose image still exists, and names it as asked', async () => {
    const images = new Map([['sha256:old', [] as string[]]]);
    const history = [succeeded('b2', 'k', 'sha256:gone'), succeeded('b1', 'k', 'sha256:old')];
    const { deps } = depsWith(images, history);
    const reused = await reuseUnchanged('k', planFor('FROM scratch\n', { tags: ['v2'] }), deps);
    expect(reused?.entry.buildId).toBe('b1');
    expect(reused?.loadedImages).toEqual(['localhost/app:v2']);
    expect(images.get('sha256:old')).toEqual(['localhost/app:v2']);
    expect(await reuseUnchanged('other', planFor('FROM scratch\n'), deps)).toBeNull();
  });
});
