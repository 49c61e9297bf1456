/** Fixed inputs for the generator tests (fake credentials; never a real token). */
import type { ClusterBuildInput } from '../../../electron/services/kubernetes/cluster-objects';
import { DEFAULT_EXECUTOR_IMAGE } from '../../../electron/services/kubernetes/defaults';

export const FAKE_SECRET = 'fake-token-5f1e9a';

export const ARGS = [
  '--dockerfile=Dockerfile',
  '--destination=docker.io/alice/kaniko-nginx:1.0',
  '--destination=docker.io/alice/kaniko-nginx:latest',
  '--build-arg=GREETING=hello world',
  '--context=dir:///should/be/replaced',
];

export function archiveInput(): ClusterBuildInput {
  return {
    name: 'kaniko-nginx',
    namespace: 'builds',
    executorImage: DEFAULT_EXECUTOR_IMAGE,
    registry: 'docker.io',
    args: ARGS,
    capabilities: ['CHOWN', 'FOWNER', 'DAC_OVERRIDE'],
    credentials: null,
    context: { kind: 'archive', archive: Buffer.from('fixed archive bytes for the golden files') },
    ttlSecondsAfterFinished: 600,
  };
}

export function gitInput(): ClusterBuildInput {
  return {
    name: 'kaniko-app',
    namespace: 'ci',
    executorImage: DEFAULT_EXECUTOR_IMAGE,
    registry: 'ghcr.io',
    args: ['--dockerfile=build/Dockerfile', '--destination=ghcr.io/alice/app:v2', '--target=runtime'],
    capabilities: ['chown', 'CAP_FOWNER', 'DAC_OVERRIDE', 'SETUID', 'SETGID', 'KILL'],
    credentials: { registry: 'ghcr.io', username: 'alice', secret: FAKE_SECRET },
    context: { kind: 'git', url: 'https://github.com/alice/app.git#refs/heads/main' },
    ttlSecondsAfterFinished: 300,
  };
}
