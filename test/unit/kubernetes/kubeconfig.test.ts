import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  hasDefaultKubeconfig,
  listContexts,
  NO_KUBECONFIG_HINT,
} from '../../../electron/services/kubernetes/kubeconfig';
import { AppError } from '../../../electron/shared/errors';

const home = mkdtempSync(path.join(os.tmpdir(), 'kd-kube-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: c1, cluster: { server: 'https://10.0.0.1:6443' } }]
users: [{ name: u1, user: { token: t } }]
contexts: [{ name: ctx1, context: { cluster: c1, user: u1 } }]
current-context: ctx1
`;

describe('kubeconfig discovery', () => {
  it('with no kubeconfig anywhere: "No kubeconfig found" and how to add one, never a phantom context', () => {
    expect(hasDefaultKubeconfig({ env: {}, home })).toBe(false);
    let err: unknown;
    try {
      listContexts({ env: {}, home });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('NOT_FOUND');
    expect((err as AppError).message).toBe('No kubeconfig found.');
    expect((err as AppError).hint).toBe(NO_KUBECONFIG_HINT);
    expect(NO_KUBECONFIG_HINT).toContain('~/.kube/config');
  });

  it('finds ~/.kube/config and $KUBECONFIG files; a $KUBECONFIG naming no file counts as none', () => {
    const dir = path.join(home, '.kube');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config'), KUBECONFIG);
    expect(hasDefaultKubeconfig({ env: {}, home })).toBe(true);
    expect(hasDefaultKubeconfig({ env: { KUBECONFIG: path.join(home, 'missing') }, home })).toBe(false);
    expect(
      hasDefaultKubeconfig({ env: { KUBECONFIG: path.join(dir, 'config') }, home: '/nonexistent' }),
    ).toBe(true);
    const listed = listContexts({ kubeconfigPath: path.join(dir, 'config') });
    expect(listed.contexts.map((c) => [c.name, c.server])).toEqual([['ctx1', 'https://10.0.0.1:6443']]);
  });
});
