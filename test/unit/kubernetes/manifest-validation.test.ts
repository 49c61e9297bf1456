import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildClusterObjects } from '../../../electron/services/kubernetes/cluster-objects';
import { exportBundle } from '../../../electron/services/kubernetes/export-bundle';
import { unknownFields, validateManifests } from '../../../electron/services/kubernetes/validate-manifest';
import { archiveInput, FAKE_SECRET, gitInput } from './export-inputs';

describe('generated manifests against the Kubernetes schemas', () => {
  for (const [label, input] of [
    ['archive', archiveInput()],
    ['git', gitInput()],
  ] as const) {
    it(`${label}: every exported YAML manifest validates (kubernetes-models + strict field check)`, () => {
      const manifests = exportBundle(input)
        .filter((f) => f.name.endsWith('.yaml'))
        .map((f) => parse(f.content) as { kind: string });
      expect(manifests.length).toBeGreaterThanOrEqual(2);
      expect(validateManifests(manifests)).toEqual([]);
    });
  }

  it('the Job carries the user-namespace and lock-down settings', () => {
    const { job } = buildClusterObjects(gitInput());
    const pod = job.spec?.template.spec;
    expect(job.spec?.backoffLimit).toBe(0);
    expect(job.spec?.ttlSecondsAfterFinished).toBe(300);
    expect(pod?.hostUsers).toBe(false);
    expect(pod?.restartPolicy).toBe('Never');
    expect(pod?.hostNetwork ?? false).toBe(false);
    const sc = pod?.containers[0]?.securityContext;
    expect(sc?.capabilities?.drop).toEqual(['ALL']);
    expect(sc?.capabilities?.add).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'KILL', 'SETGID', 'SETUID']);
    expect(sc?.allowPrivilegeEscalation).toBe(false);
    expect(sc?.runAsUser).toBe(0);
    expect(sc?.seccompProfile?.type).toBe('RuntimeDefault');
    const vol = pod?.volumes?.find((v) => v.name === 'docker-config');
    expect(vol?.secret?.items).toEqual([{ key: '.dockerconfigjson', path: 'config.json' }]);
    expect(pod?.containers[0]?.volumeMounts).toContainEqual({
      name: 'docker-config',
      mountPath: '/kaniko/.docker',
      readOnly: true,
    });
    // Exactly one --context, and the caller's was replaced.
    const ctx = pod?.containers[0]?.args?.filter((a) => a.startsWith('--context')) ?? [];
    expect(ctx).toEqual(['--context=git://github.com/alice/app.git#refs/heads/main']);
  });

  it('the Secret holds the auth the way kaniko reads it (Docker Hub key for docker.io)', () => {
    const hub = buildClusterObjects({
      ...gitInput(),
      registry: 'docker.io',
      credentials: { registry: 'docker.io', username: 'alice', secret: FAKE_SECRET },
    }).secret;
    expect(hub.type).toBe('kubernetes.io/dockerconfigjson');
    const json = JSON.parse(Buffer.from(hub.data?.['.dockerconfigjson'] ?? '', 'base64').toString()) as {
      auths: Record<string, { auth: string }>;
    };
    expect(Object.keys(json.auths)).toEqual(['https://index.docker.io/v1/']);
    expect(Buffer.from(json.auths['https://index.docker.io/v1/']?.auth ?? '', 'base64').toString()).toBe(
      `alice:${FAKE_SECRET}`,
    );
    const placeholder = buildClusterObjects(archiveInput()).secret;
    expect(placeholder.data).toBeUndefined();
    expect(placeholder.stringData?.['.dockerconfigjson']).toContain('REPLACE_WITH');
  });

  it('archive context: init container unpacks the ConfigMap into the emptyDir kaniko reads', () => {
    const { job, configMap } = buildClusterObjects(archiveInput());
    const pod = job.spec?.template.spec;
    expect(configMap?.binaryData?.['context.tar.gz']).toBe(
      Buffer.from('fixed archive bytes for the golden files').toString('base64'),
    );
    expect(pod?.initContainers?.[0]?.image).toBe('gcr.io/kaniko-project/executor:v1.24.0-debug');
    expect(pod?.initContainers?.[0]?.securityContext?.capabilities?.drop).toEqual(['ALL']);
    expect(pod?.containers[0]?.args).toContain('--context=dir:///workspace');
  });

  it('the strict pass catches a misspelt field the JSON schemas let through', () => {
    const { job } = buildClusterObjects(gitInput());
    const broken = structuredClone(job) as unknown as {
      spec: { template: { spec: Record<string, unknown> } };
    };
    broken.spec.template.spec.hostUserz = false;
    expect(unknownFields(broken, 'V1Job')).toEqual(['spec.template.spec.hostUserz']);
    const problems = validateManifests([broken as never]);
    expect(problems.map((p) => p.message)).toEqual(['spec.template.spec.hostUserz is not a field of Job']);
  });

  it('the schema pass catches wrong types and enum values', () => {
    const { job } = buildClusterObjects(gitInput());
    const broken = structuredClone(job) as unknown as { spec: Record<string, unknown> };
    broken.spec.backoffLimit = 'zero';
    const messages = validateManifests([broken as never]).map((p) => p.message);
    expect(messages.some((m) => m.includes('/spec/backoffLimit') && m.includes('integer'))).toBe(true);
  });
});

describe('input checks', () => {
  it('rejects capabilities outside Pod Security baseline', () => {
    expect(() => buildClusterObjects({ ...gitInput(), capabilities: ['CHOWN', 'SYS_ADMIN'] })).toThrow(
      /SYS_ADMIN/,
    );
  });
  it('rejects a context archive too large for a ConfigMap', () => {
    const big = { kind: 'archive' as const, archive: Buffer.alloc(800 * 1024) };
    expect(() => buildClusterObjects({ ...archiveInput(), context: big })).toThrow(
      /ConfigMap can carry at most/,
    );
  });
  it('rejects a non-git context URL and bad names', () => {
    expect(() => buildClusterObjects({ ...gitInput(), context: { kind: 'git', url: 'ftp://x/y' } })).toThrow(
      /not a git context URL/,
    );
    expect(() => buildClusterObjects({ ...gitInput(), namespace: 'Bad_NS' })).toThrow(/namespace/);
  });
  it('requires a destination', () => {
    expect(() => buildClusterObjects({ ...gitInput(), args: ['--dockerfile=Dockerfile'] })).toThrow(/args/);
  });
});
