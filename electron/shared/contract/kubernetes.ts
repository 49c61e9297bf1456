import { z } from 'zod';
import { DockerfileStage } from './build';
import { BuildRequest } from './build-request';
import { event, request } from './define';
import { LIMITS } from './limits';

/** Where the pod gets the build context: a git URL kaniko clones, or the context folder packed into a ConfigMap. */
export const KubernetesContextSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('archive') }),
  z.object({ kind: z.literal('git'), url: z.string().min(1).max(LIMITS.url) }),
]);

const common = {
  build: BuildRequest,
  context: KubernetesContextSource.default({ kind: 'archive' }),
  namespace: z.string().min(1).max(63).default('default'),
  /** Empty = the executor image from Settings. */
  executorImage: z.string().max(500).default(''),
  ttlSecondsAfterFinished: z.number().int().min(0).max(604_800).default(600),
};

/** The files for the page to show: the Secret always holds a placeholder (the page never gets a credential). */
export const KubernetesExportParams = z.object(common);
export type KubernetesExportParams = z.infer<typeof KubernetesExportParams>;

export const KubernetesExportResult = z.object({
  files: z.array(z.object({ name: z.string(), content: z.string() })),
  /** Things to check before using the files, e.g. a debug image that could not be derived from a version. */
  warnings: z.array(z.string()),
});

/** Desktop: main writes the files into a folder chosen in a native dialog, the real Secret included if asked. */
export const KubernetesSaveParams = z.object({
  ...common,
  /** placeholder = the Secret holds a marker to replace; credentials = the saved registry credentials. */
  secretMode: z.enum(['placeholder', 'credentials']).default('placeholder'),
});
export type KubernetesSaveParams = z.infer<typeof KubernetesSaveParams>;

export const KubernetesSaveResult = z.object({
  /** null when the user cancelled the dialog. */
  folder: z.string().nullable(),
  files: z.array(z.string()),
  /** True when secret.yaml on disk carries a real credential. */
  containsSecret: z.boolean(),
  /** Things to check before using the files, e.g. a debug image that could not be derived from a version. */
  warnings: z.array(z.string()),
});

export const KubeconfigParams = z.object({
  /** Empty = $KUBECONFIG or ~/.kube/config. Otherwise a file in ~/.kube, in $KUBECONFIG, or chosen in the dialog. */
  kubeconfigPath: z.string().max(4096).default(''),
});

export const KubeContext = z.object({
  name: z.string(),
  cluster: z.string(),
  server: z.string().nullable(),
  user: z.string(),
  namespace: z.string().nullable(),
});

export const KubernetesRunParams = z.object({
  ...common,
  ...KubeconfigParams.shape,
  kubeContext: z.string().min(1).max(LIMITS.name),
});
export type KubernetesRunParams = z.infer<typeof KubernetesRunParams>;

export const KubernetesRunFinished = z.object({
  taskId: z.string(),
  ok: z.boolean(),
  jobName: z.string().nullable(),
  digest: z.string().nullable(),
  pushed: z.array(z.string()),
});

export const kubernetesRequests = {
  'kubernetes.export': request(KubernetesExportParams, KubernetesExportResult),
  'kubernetes.saveBundle': request(KubernetesSaveParams, KubernetesSaveResult),
  'kubernetes.contexts': request(
    KubeconfigParams,
    z.object({ current: z.string().nullable(), contexts: z.array(KubeContext) }),
  ),
  /** Desktop: a native file chooser; the chosen kubeconfig may be used from then on. null = cancelled. */
  'kubernetes.pickKubeconfig': request(z.object({}), z.object({ path: z.string().nullable() })),
  /** Starts a task (kind 'kubernetes.build'); its log and progress arrive as tasks.* events. */
  'kubernetes.run': request(KubernetesRunParams, z.object({ taskId: z.string() })),
};

export const kubernetesEvents = {
  'kubernetes.run.finished': event(KubernetesRunFinished),
  /** The cluster build's Dockerfile stages and steps, read from kaniko's log (snapshots, a few a second). */
  'kubernetes.run.stages': event(
    z.object({ taskId: z.string(), dockerfileStages: z.array(DockerfileStage) }),
  ),
};
