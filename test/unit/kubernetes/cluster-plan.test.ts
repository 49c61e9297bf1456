import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildRequest, type BuildRequestInput } from '../../../electron/shared/contract/build-request';
import { planBuild } from '../../../electron/services/build/runner/build-plan';
import { planClusterBuild } from '../../../electron/services/kubernetes/build-plan';
import { KubernetesService } from '../../../electron/services/kubernetes/kubernetes-service';
import { KubernetesExportParams } from '../../../electron/shared/contract/kubernetes';

const BASE: BuildRequestInput = { registry: 'ghcr.io', repository: 'alice/app', tags: ['1.0'], mode: 'push' };

function gitPlan(input: Partial<BuildRequestInput>) {
  const req = BuildRequest.parse({ ...BASE, ...input });
  return () => planClusterBuild(req, { contextKind: 'git', contextDir: null, logFormat: 'json' });
}

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string; fields?: Record<string, string> }).fields ?? { thrown: String(err) };
  }
  throw new Error('expected a validation error');
}

describe('the cluster git route goes through the desktop validation', () => {
  it.each([
    [{ buildArgs: [{ key: '=x', value: '1' }] }, 'buildArgs.0.key'],
    [{ buildArgs: [{ key: '1BAD', value: '1' }] }, 'buildArgs.0.key'],
    [{ dockerfile: '/etc/Dockerfile' }, 'dockerfile'],
    [{ dockerfile: '../Dockerfile' }, 'dockerfile'],
    [{ target: 'bad stage!' }, 'target'],
    [{ registry: '127.0.0.1:5000' }, 'registry'],
    [{ registry: 'localhost:5000' }, 'registry'],
  ])('%j is a field error on %s', (input, field) => {
    const fields = fieldsOf(gitPlan(input));
    expect(Object.keys(fields)).toEqual([field]);
  });

  it('normalises what the desktop normalises: backslash paths, upper-case targets', () => {
    const plan = gitPlan({ dockerfile: 'docker\\Dockerfile.prod', target: 'Build' })();
    expect(plan.dockerfile).toBe('docker/Dockerfile.prod');
    expect(plan.args).toContain('--dockerfile=docker/Dockerfile.prod');
    expect(plan.args).toContain('--target=build');
  });

  it('gives the git route the same argv as the archive route and the desktop (minus local paths and the app-side push)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kd-cluster-plan-'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine AS build\nRUN true\n');
    const input = { ...BASE, contextDir: dir, buildArgs: [{ key: 'A', value: 'b c' }], target: 'build' };
    const req = BuildRequest.parse(input);
    const archive = planClusterBuild(req, { contextKind: 'archive', contextDir: dir, logFormat: 'json' });
    const git = planClusterBuild(req, { contextKind: 'git', contextDir: null, logFormat: 'json' });
    expect(git.args).toEqual(archive.args);
    const desktop = planBuild(req, { executorImage: 'localhost/kaniko:test', defaultContextDir: dir });
    // The desktop builds with --no-push + an OCI layout and pushes from the app; on a cluster Kaniko pushes.
    const shared = desktop.plan.args.filter(
      (a) => !/^--(context|dockerfile|digest-file|oci-layout-path)=/.test(a) && a !== '--no-push',
    );
    expect(git.args.filter((a) => !a.startsWith('--dockerfile='))).toEqual(shared);
  });
});

describe('the executor-image override', () => {
  it('is checked by the one reference parser before anything is exported', async () => {
    const k8s = new KubernetesService({
      tasks: { start: () => expect.unreachable('no task for a bad request') },
      getAuth: () => null,
      executorImage: () => 'ghcr.io/osscontainertools/kaniko:v1.28.5',
      bundledContext: () => '/nonexistent',
      publishFinished: () => undefined,
    });
    const params = KubernetesExportParams.parse({
      build: BASE,
      context: { kind: 'git', url: 'git://example.com/a.git' },
      executorImage: 'a'.repeat(64),
    });
    await expect(k8s.exportFiles(params)).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: { executorImage: expect.stringMatching(/image ID/) },
    });
  });
});
