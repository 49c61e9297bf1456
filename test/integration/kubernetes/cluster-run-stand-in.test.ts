/**
 * The run-on-cluster flow with the real @kubernetes/client-node against a LOCAL STAND-IN API server
 * (test/support/k8s-stand-in-api.ts): no Kubernetes cluster is available on these machines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildClusterObjects } from '../../../electron/services/kubernetes/cluster-objects';
import { runClusterBuild } from '../../../electron/services/kubernetes/cluster-run';
import { DEFAULT_EXECUTOR_IMAGE } from '../../../electron/services/kubernetes/defaults';
import { listContexts, loadKubeConfig } from '../../../electron/services/kubernetes/kubeconfig';
import { startStandInApi, type StandInApi, type StandInOptions } from '../../support/k8s-stand-in-api';
import { expectAppError } from '../../support/expect-app-error';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
let api: StandInApi | null = null;
let dir: string | null = null;

afterEach(async () => {
  await api?.close();
  api = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function standIn(opts: StandInOptions) {
  api = await startStandInApi(opts);
  dir = mkdtempSync(path.join(os.tmpdir(), 'k8s-stand-in-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, api.kubeconfig());
  return { api, kubeconfigPath };
}

function objects(archive = true) {
  return buildClusterObjects({
    name: 'kaniko-nginx-ab12cd',
    namespace: 'builds',
    executorImage: DEFAULT_EXECUTOR_IMAGE,
    registry: 'docker.io',
    args: ['--dockerfile=Dockerfile', '--destination=docker.io/alice/kaniko-nginx:1.0'],
    capabilities: ['CHOWN', 'FOWNER', 'DAC_OVERRIDE'],
    credentials: { registry: 'docker.io', username: 'alice', secret: 'fake-token-123' },
    context: archive
      ? { kind: 'archive', archive: Buffer.from('tgz') }
      : { kind: 'git', url: 'git://h/r.git' },
  });
}

async function run(kubeconfigPath: string, extra: { signal?: AbortSignal; startTimeoutMs?: number } = {}) {
  const lines: string[] = [];
  const steps: string[] = [];
  const kc = loadKubeConfig({ kubeconfigPath }, 'stand-in');
  const promise = runClusterBuild(kc, {
    namespace: 'builds',
    objects: objects(),
    signal: extra.signal ?? new AbortController().signal,
    onLine: (l) => lines.push(l),
    onStep: (s) => steps.push(s),
    pollMs: 20,
    startTimeoutMs: extra.startTimeoutMs ?? 2_000,
  });
  return { promise, lines, steps };
}

const paths = (a: StandInApi, method: string) =>
  a.requests.filter((r) => r.method === method).map((r) => r.path.replace(/\?.*$/, ''));

describe('kubeconfig contexts (stand-in kubeconfig)', () => {
  it('lists contexts with their server and namespace', async () => {
    const { api, kubeconfigPath } = await standIn({ scenario: 'success' });
    const { current, contexts } = listContexts({ kubeconfigPath });
    expect(current).toBe('stand-in');
    expect(contexts.map((c) => c.name)).toEqual(['stand-in', 'other']);
    expect(contexts[0]).toMatchObject({ server: api.url, namespace: 'builds' });
    expect(contexts[1]?.namespace).toBeNull();
  });
  it('a missing kubeconfig or an unknown context is a clear error', async () => {
    const { kubeconfigPath } = await standIn({ scenario: 'success' });
    expect(() => loadKubeConfig({ kubeconfigPath: '/nonexistent/kubeconfig' })).toThrow(
      /The kubeconfig file does not exist/,
    );
    expect(() => loadKubeConfig({ kubeconfigPath }, 'nope')).toThrow(/no context "nope"/);
  });
});

describe('run on a cluster against the stand-in API server', () => {
  it('success: creates Secret, ConfigMap and Job, streams the log, reports the digest, cleans up', async () => {
    const { api, kubeconfigPath } = await standIn({ scenario: 'success' });
    const { promise, lines } = await run(kubeconfigPath);
    const result = await promise;
    expect(result.digest).toBe(DIGEST);
    expect(result.pushed[0]?.reference).toBe(`index.docker.io/alice/kaniko-nginx@${DIGEST}`);
    expect(result.podName).toBe('kaniko-nginx-ab12cd-x7k2p');
    expect(lines[0]).toBe('INFO[0000] Retrieving image manifest nginx');
    expect(lines).toHaveLength(4);
    expect(paths(api, 'POST')).toEqual([
      '/api/v1/namespaces/builds/secrets',
      '/api/v1/namespaces/builds/configmaps',
      '/apis/batch/v1/namespaces/builds/jobs',
    ]);
    const jobPost = api.requests.find((r) => r.path.endsWith('/jobs'))?.body as {
      spec: { template: { spec: { hostUsers: boolean } } };
    };
    expect(jobPost.spec.template.spec.hostUsers).toBe(false);
    const podList = api.requests.find((r) => r.method === 'GET' && /\/pods\?/.test(r.path));
    expect(decodeURIComponent(podList?.path ?? '')).toContain(
      'labelSelector=batch.kubernetes.io/job-name=kaniko-nginx-ab12cd',
    );
    const logReq = api.requests.find((r) => r.path.includes('/log?'));
    expect(logReq?.path).toContain('follow=true');
    expect(logReq?.path).toContain('container=kaniko');
    // Job deleted with Background propagation, then ConfigMap and Secret.
    expect(paths(api, 'DELETE')).toEqual([
      '/apis/batch/v1/namespaces/builds/jobs/kaniko-nginx-ab12cd',
      '/api/v1/namespaces/builds/configmaps/kaniko-nginx-ab12cd-context',
      '/api/v1/namespaces/builds/secrets/kaniko-nginx-ab12cd-registry',
    ]);
    expect(api.requests.find((r) => r.method === 'DELETE' && r.path.includes('/jobs/'))?.path).toContain(
      'propagationPolicy=Background',
    );
    expect(api.objects.size).toBe(0);
  });

  it('a follow stream that ends early is resumed without losing or repeating lines', async () => {
    const logLines = Array.from({ length: 6 }, (_, i) => `line ${i}`);
    const { api, kubeconfigPath } = await standIn({ scenario: 'logCutShort', logLines });
    const { promise, lines } = await run(kubeconfigPath);
    await promise;
    expect(lines).toEqual(logLines);
    const logReqs = api.requests.filter((r) => r.path.includes('/log?'));
    expect(logReqs.length).toBe(2);
    expect(logReqs[1]?.path).toContain('sinceTime=');
  });

  it('unreachable cluster: UNAVAILABLE naming the server', async () => {
    const { api, kubeconfigPath } = await standIn({ scenario: 'success' });
    await api.close();
    const { promise } = await run(kubeconfigPath);
    const err = await expectAppError(promise);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toMatch(/cluster at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('RBAC denied (403): AUTH_FAILED with the API message and an RBAC hint; nothing left behind', async () => {
    const { api, kubeconfigPath } = await standIn({ scenario: 'forbidden' });
    const err = await expectAppError((await run(kubeconfigPath)).promise);
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toContain('secrets is forbidden: User "dev" cannot create resource "secrets"');
    expect(err.hint).toMatch(/RBAC/);
    expect(paths(api, 'DELETE')).toEqual([]);
  });

  it('API server without user namespaces (hostUsers dropped): refuses to run and cleans up', async () => {
    const { api, kubeconfigPath } = await standIn({ scenario: 'dropHostUsers' });
    const err = await expectAppError((await run(kubeconfigPath)).promise);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toMatch(/user namespace.*dropped spec\.hostUsers/);
    expect(err.hint).toMatch(/1\.30/);
    expect(paths(api, 'DELETE')).toHaveLength(3);
    expect(api.objects.size).toBe(0);
  });

  it('pod stuck in ContainerCreating with a user-namespace event: UNAVAILABLE', async () => {
    const { api, kubeconfigPath } = await standIn({ scenario: 'usernsStuck' });
    const err = await expectAppError((await run(kubeconfigPath)).promise);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toContain('user namespaces are not supported by the runtime');
    expect(api.objects.size).toBe(0);
  });

  it('pod rejected by the Job controller (FailedCreate mentioning hostUsers): UNAVAILABLE', async () => {
    const { kubeconfigPath } = await standIn({ scenario: 'rejected' });
    const err = await expectAppError((await run(kubeconfigPath)).promise);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toContain('hostUsers=false is not supported');
  });

  it('image pull failure (ImagePullBackOff): UNAVAILABLE naming the reason', async () => {
    const { kubeconfigPath } = await standIn({ scenario: 'imagePull' });
    const err = await expectAppError((await run(kubeconfigPath)).promise);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toContain('ImagePullBackOff');
    expect(err.hint).toMatch(/executor image/);
  });

  it('job failed: error carries the exit code and the log tail', async () => {
    const logLines = ['INFO step one', 'error building image: failed to execute command: exit status 1'];
    const { api, kubeconfigPath } = await standIn({ scenario: 'jobFailed', logLines });
    const { promise, lines } = await run(kubeconfigPath);
    const err = await expectAppError(promise);
    expect(err.message).toContain('exit code 1');
    expect(err.message).toContain('failed to execute command: exit status 1');
    expect(lines).toEqual(logLines);
    expect(api.objects.size).toBe(0);
  });

  it('cancel while streaming: stops, reports CANCELLED and still cleans up', async () => {
    const logLines = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    const { api, kubeconfigPath } = await standIn({ scenario: 'success', logLines, lineDelayMs: 10 });
    const controller = new AbortController();
    const { promise, lines } = await run(kubeconfigPath, { signal: controller.signal });
    const until = Date.now() + 10_000;
    while (lines.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    controller.abort();
    const err = await expectAppError(promise);
    expect(err.code).toBe('CANCELLED');
    expect(lines.length).toBeLessThan(200);
    expect(api.objects.size).toBe(0);
  });
});
