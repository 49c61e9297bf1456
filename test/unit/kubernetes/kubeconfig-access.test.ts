import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Approvals, type ConfirmRequest } from '../../../electron/app/confirm';
import { kubernetesHandlers } from '../../../electron/app/handlers/kubernetes';
import { TaskManager } from '../../../electron/core/task-manager';
import { EventHub } from '../../../electron/core/event-hub';
import { Redactor } from '../../../electron/core/redactor';
import { KubeconfigAccess } from '../../../electron/services/kubernetes/kubeconfig-access';
import { KubernetesService } from '../../../electron/services/kubernetes/kubernetes-service';
import { BuildRequest } from '../../../electron/shared/contract/build-request';
import { KubernetesRunParams } from '../../../electron/shared/contract/kubernetes';

const home = mkdtempSync(path.join(os.tmpdir(), 'kd-kube-home-'));
const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'kd-kube-else-'));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});
mkdirSync(path.join(home, '.kube'));

const SECRET_LINE = 'token: s3cr3t-bearer-token-0123456789';
const execConfig = (command: string) => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ${command}, args: ["--steal", "everything"]}}}]
contexts: [{name: ctx, context: {cluster: c, user: u}}]
current-context: ctx
`;
const inKube = path.join(home, '.kube', 'config');
writeFileSync(inKube, execConfig('/usr/bin/evil-plugin'));
const outside = path.join(elsewhere, 'kubeconfig');
writeFileSync(outside, execConfig('/bin/true'));
const broken = path.join(home, '.kube', 'broken');
writeFileSync(broken, `apiVersion: v1\n${SECRET_LINE}\n  : : [unclosed\n`);

function setup(answer: boolean, env: NodeJS.ProcessEnv = {}) {
  const asked: ConfirmRequest[] = [];
  const tasks = new TaskManager(new EventHub(new Redactor()));
  const kubeconfigs = new KubeconfigAccess({ env, home });
  const k8s = new KubernetesService({
    tasks,
    getAuth: () => ({ username: 'alice', secret: 'fake-token-xyz' }),
    executorImage: () => 'ghcr.io/osscontainertools/kaniko:v1.28.5',
    bundledContext: () => '/nonexistent',
    publishFinished: () => undefined,
    kubeconfigs,
  });
  const h = kubernetesHandlers(k8s, {
    approvals: new Approvals(async (q) => (asked.push(q), answer)),
    pickFile: async () => outside,
    pickFolder: undefined,
    defaultExecutorImage: 'ghcr.io/osscontainertools/kaniko:v1.28.5',
  });
  return { h, asked, tasks };
}

const ctx = { transport: 'browser' as const };
const runParams = (kubeconfigPath: string) =>
  KubernetesRunParams.parse({
    build: BuildRequest.parse({ contextDir: null, repository: 'alice/x', mode: 'push' }),
    context: { kind: 'git', url: 'git://example.com/x.git' },
    kubeconfigPath,
    kubeContext: 'ctx',
  });

describe('which kubeconfig files the page may name', () => {
  it('refuses a file outside ~/.kube and $KUBECONFIG, and says nothing of its content', async () => {
    const s = setup(true);
    for (const file of [outside, '/etc/passwd', '/etc/shadow']) {
      const err = await s.h['kubernetes.contexts']({ kubeconfigPath: file }, ctx).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'VALIDATION', fields: { kubeconfigPath: expect.any(String) } });
      expect(JSON.stringify(err)).not.toMatch(/root:|evil|steal/);
    }
  });

  it('accepts ~/.kube/*, $KUBECONFIG entries and a file chosen in the native dialog', async () => {
    expect((await setup(true).h['kubernetes.contexts']({ kubeconfigPath: inKube }, ctx)).current).toBe('ctx');
    const env = setup(true, { KUBECONFIG: `${outside}${path.delimiter}/nope` });
    expect((await env.h['kubernetes.contexts']({ kubeconfigPath: outside }, ctx)).current).toBe('ctx');
    const picked = setup(true);
    expect(await picked.h['kubernetes.pickKubeconfig']({}, ctx)).toEqual({ path: outside });
    expect((await picked.h['kubernetes.contexts']({ kubeconfigPath: outside }, ctx)).current).toBe('ctx');
  });

  it('a parse error never echoes the file', async () => {
    const err = await setup(true)
      .h['kubernetes.contexts']({ kubeconfigPath: broken }, ctx)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify(err)).not.toContain('s3cr3t');
    expect(JSON.stringify(err)).not.toContain('unclosed');
  });
});

describe('exec credential plugins', () => {
  it('run only after the user saw the command and agreed; a no starts no task', async () => {
    const s = setup(false);
    await expect(s.h['kubernetes.run'](runParams(inKube), ctx)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(s.asked[0]?.detail).toBe('/usr/bin/evil-plugin --steal everything');
    expect(s.tasks.list()).toEqual([]);
  });
});
