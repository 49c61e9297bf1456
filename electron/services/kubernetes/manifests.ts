/**
 * Pure generators for the Kubernetes objects of one build: registry Secret, context ConfigMap, Job.
 */
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IIoK8sApiCoreV1SecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IIoK8sApiCoreV1Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1Volume } from 'kubernetes-models/v1/Volume';
import {
  ARCHIVE_DIR,
  ARCHIVE_KEY,
  BUILD_LABEL,
  DOCKER_CONFIG_DIR,
  KANIKO_CONTAINER,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  UNPACK_CONTAINER,
  WORKSPACE_DIR,
} from './defaults';
import { dockerConfigJson, placeholderDockerConfigJson, type RegistryCredentials } from './docker-config';

export interface BuildObjectNames {
  job: string;
  secret: string;
  configMap: string;
}

export function objectNames(base: string): BuildObjectNames {
  return { job: base, secret: `${base}-registry`, configMap: `${base}-context` };
}

export function buildLabels(name: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [BUILD_LABEL]: name, 'app.kubernetes.io/name': 'kaniko' };
}

/** Real credentials go in `data` (base64, as the API stores them); a placeholder stays readable in `stringData`. */
export function registrySecret(opts: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  registry: string;
  credentials: RegistryCredentials | null;
}): ISecret {
  const metadata = { name: opts.name, namespace: opts.namespace, labels: opts.labels };
  if (opts.credentials) {
    const json = dockerConfigJson(opts.credentials);
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata,
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from(json).toString('base64') },
    };
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata,
    type: 'kubernetes.io/dockerconfigjson',
    stringData: { '.dockerconfigjson': placeholderDockerConfigJson(opts.registry) },
  };
}

export function contextConfigMap(opts: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  archive: Buffer;
}): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: opts.name, namespace: opts.namespace, labels: opts.labels },
    binaryData: { [ARCHIVE_KEY]: opts.archive.toString('base64') },
  };
}

export interface JobOptions {
  names: BuildObjectNames;
  namespace: string;
  labels: Record<string, string>;
  executorImage: string;
  /** Needed only for the archive context (the unpacking init container uses its busybox). */
  debugImage: string;
  /** Kaniko arguments without --context (the Job decides where the context is). */
  args: string[];
  capabilities: string[];
  context: { kind: 'git'; url: string } | { kind: 'archive' };
  ttlSecondsAfterFinished: number;
  activeDeadlineSeconds?: number;
}

/** Kaniko must run as uid 0 inside the pod; the user namespace maps that to an unprivileged host uid. */
function containerSecurity(capabilities: string[]): IIoK8sApiCoreV1SecurityContext {
  return {
    runAsUser: 0,
    runAsNonRoot: false,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ['ALL'], ...(capabilities.length > 0 ? { add: capabilities } : {}) },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Drops any --context the caller passed: the Job defines where the context is. */
export function withoutContextArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--context' || a === '-c') {
      i++;
      continue;
    }
    if (a.startsWith('--context=')) continue;
    out.push(a);
  }
  return out;
}

export function kanikoJob(o: JobOptions): IJob {
  const contextArg = o.context.kind === 'git' ? o.context.url : `dir://${WORKSPACE_DIR}`;
  const volumes: IIoK8sApiCoreV1Volume[] = [
    {
      name: 'docker-config',
      secret: { secretName: o.names.secret, items: [{ key: '.dockerconfigjson', path: 'config.json' }] },
    },
  ];
  const mounts = [{ name: 'docker-config', mountPath: DOCKER_CONFIG_DIR, readOnly: true }];
  const initContainers: IIoK8sApiCoreV1Container[] = [];
  if (o.context.kind === 'archive') {
    volumes.push(
      { name: 'workspace', emptyDir: {} },
      {
        name: 'context-archive',
        configMap: { name: o.names.configMap, items: [{ key: ARCHIVE_KEY, path: ARCHIVE_KEY }] },
      },
    );
    mounts.push({ name: 'workspace', mountPath: WORKSPACE_DIR, readOnly: false });
    initContainers.push({
      name: UNPACK_CONTAINER,
      image: o.debugImage,
      // busybox tar: -o keeps files owned by the extracting user (no CHOWN needed here).
      command: ['/busybox/tar', '-x', '-z', '-o', '-f', `${ARCHIVE_DIR}/${ARCHIVE_KEY}`, '-C', WORKSPACE_DIR],
      securityContext: containerSecurity([]),
      volumeMounts: [
        { name: 'context-archive', mountPath: ARCHIVE_DIR, readOnly: true },
        { name: 'workspace', mountPath: WORKSPACE_DIR },
      ],
    });
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.names.job, namespace: o.namespace, labels: o.labels },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: o.ttlSecondsAfterFinished,
      ...(o.activeDeadlineSeconds ? { activeDeadlineSeconds: o.activeDeadlineSeconds } : {}),
      template: {
        metadata: { labels: o.labels },
        spec: {
          restartPolicy: 'Never',
          // Own user namespace: uid 0 in the pod is an unprivileged uid on the node.
          hostUsers: false,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          ...(initContainers.length > 0 ? { initContainers } : {}),
          containers: [
            {
              name: KANIKO_CONTAINER,
              image: o.executorImage,
              args: [...withoutContextArgs(o.args), `--context=${contextArg}`],
              securityContext: containerSecurity(o.capabilities),
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}
