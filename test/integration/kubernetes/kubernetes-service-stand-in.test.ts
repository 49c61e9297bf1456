/**
 * KubernetesService end to end (TaskManager, build logic, kaniko log parser, client-node) against the
 * LOCAL STAND-IN API server: export files from a real context folder, and a run as a task.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EventHub } from '../../../electron/core/event-hub';
import { Redactor } from '../../../electron/core/redactor';
import { TaskManager } from '../../../electron/core/task-manager';
import { BuildRequest } from '../../../electron/shared/contract/build-request';
import {
  KubernetesExportParams,
  KubernetesRunParams,
  KubernetesSaveParams,
} from '../../../electron/shared/contract/kubernetes';
import { KubernetesService } from '../../../electron/services/kubernetes/kubernetes-service';
import { startStandInApi, type StandInApi } from '../../support/k8s-stand-in-api';

let api: StandInApi | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await api?.close();
  api = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function contextDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8s-ctx-'));
  dirs.push(dir);
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    'FROM nginx\nRUN echo hi\nCOPY index.html /usr/share/nginx/html/\n',
  );
  writeFileSync(path.join(dir, 'index.html'), '<h1>hello</h1>\n');
  mkdirSync(path.join(dir, 'secret-stuff'));
  writeFileSync(path.join(dir, 'secret-stuff', 'big.bin'), 'x');
  writeFileSync(path.join(dir, '.dockerignore'), 'secret-stuff\n');
  return dir;
}

function service(finished: unknown[] = []) {
  const hub = new EventHub(new Redactor());
  const tasks = new TaskManager(hub);
  const k8s = new KubernetesService({
    tasks,
    getAuth: (registry) =>
      registry === 'docker.io' ? { username: 'alice', secret: 'fake-token-xyz' } : null,
    executorImage: () => 'ghcr.io/osscontainertools/kaniko:v1.28.5',
    bundledContext: () => '/nonexistent',
    publishFinished: (p) => finished.push(p),
  });
  return { k8s, tasks };
}

const build = (dir: string) =>
  BuildRequest.parse({ contextDir: dir, repository: 'alice/kaniko-nginx', tags: ['1.0'], mode: 'push' });

describe('KubernetesService (stand-in API server)', () => {
  it('export: packs the context (honouring .dockerignore), derives capabilities from the Dockerfile', async () => {
    const { k8s } = service();
    const out = await k8s.exportFiles(
      KubernetesExportParams.parse({ build: build(contextDir()), namespace: 'builds' }),
    );
    const job = parse(out.files.find((f) => f.name === 'job.yaml')?.content ?? '') as {
      spec: {
        template: {
          spec: { containers: { args: string[]; securityContext: { capabilities: { add: string[] } } }[] };
        };
      };
    };
    const kaniko = job.spec.template.spec.containers[0];
    expect(kaniko?.args).toContain('--destination=docker.io/alice/kaniko-nginx:1.0');
    expect(kaniko?.args).toContain('--dockerfile=Dockerfile');
    expect(kaniko?.args).toContain('--context=dir:///workspace');
    expect(kaniko?.args.some((a) => a.startsWith('--digest-file') || a.startsWith('--tar-path'))).toBe(false);
    expect(kaniko?.securityContext.capabilities.add).toEqual(
      expect.arrayContaining(['SETUID', 'SETGID', 'KILL']),
    );
    const cm = parse(out.files.find((f) => f.name === 'context-configmap.yaml')?.content ?? '') as {
      binaryData: Record<string, string>;
    };
    const tar = gunzipSync(Buffer.from(cm.binaryData['context.tar.gz'] ?? '', 'base64')).toString('latin1');
    expect(tar).toContain('index.html');
    expect(tar).not.toContain('big.bin');
  });

  it('export with credentials puts them in the Secret only, and says so', async () => {
    const { k8s } = service();
    const params = KubernetesSaveParams.parse({ build: build(contextDir()), secretMode: 'credentials' });
    const out = await k8s.bundle(params);
    expect(out.containsSecret).toBe(true);
    for (const f of out.files.filter((x) => x.name !== 'secret.yaml'))
      expect(f.content).not.toContain('fake-token-xyz');
  });

  it('run: a task that streams parsed log lines and publishes the digest', async () => {
    api = await startStandInApi({ scenario: 'success' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'k8s-kc-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'config'), api.kubeconfig());
    const finished: { ok: boolean; digest: string | null }[] = [];
    const { k8s, tasks } = service(finished as unknown[]);
    k8s.kubeconfigs.remember(path.join(dir, 'config')); // as the native file chooser does
    const { taskId } = k8s.run(
      KubernetesRunParams.parse({
        build: build(contextDir()),
        namespace: 'builds',
        kubeconfigPath: path.join(dir, 'config'),
        kubeContext: 'stand-in',
      }),
    );
    const until = Date.now() + 20_000;
    while (tasks.get(taskId)?.state === 'running' && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    expect(tasks.get(taskId)?.state, JSON.stringify(tasks.get(taskId)?.error)).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 100));
    const log = tasks.replay(taskId).lines.join('\n');
    expect(log).toContain('Retrieving image manifest nginx');
    expect(finished[0]).toMatchObject({ ok: true, digest: `sha256:${'ab'.repeat(32)}` });
    expect(api.objects.size).toBe(0);
  });

  it('run with an unreadable kubeconfig fails before any task starts', () => {
    const { k8s } = service();
    expect(() =>
      k8s.run(
        KubernetesRunParams.parse({
          build: BuildRequest.parse({
            contextDir: contextDir(),
            registry: 'ghcr.io',
            repository: 'alice/x',
            mode: 'push',
          }),
          kubeconfigPath: '/nonexistent',
          kubeContext: 'x',
        }),
      ),
    ).toThrow(/kubeconfig/);
  });
});
