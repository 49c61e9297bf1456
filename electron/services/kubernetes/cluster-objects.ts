/**
 * One build's Kubernetes objects, checked: names, capabilities, context, and the schemas.
 */
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { AppError } from '../../shared/errors';
import { checkArchiveSize, normaliseGitContext, type ContextSource } from './context-source';
import { DEFAULT_TTL_SECONDS, debugImageFor, isDnsLabel, normaliseCapabilities } from './defaults';
import type { RegistryCredentials } from './docker-config';
import {
  buildLabels,
  contextConfigMap,
  kanikoJob,
  objectNames,
  registrySecret,
  type BuildObjectNames,
} from './manifests';
import { validateManifests } from './validate-manifest';

export interface ClusterBuildInput {
  /** Base name of the objects (DNS label, ≤ 52 characters). */
  name: string;
  namespace: string;
  executorImage: string;
  /** Defaults to the executor image's "-debug" tag. */
  debugImage?: string;
  /** Registry host the credentials are for (auth key of the config.json). */
  registry: string;
  /** Kaniko arguments (destinations, dockerfile, build args…); any --context is replaced. */
  args: string[];
  capabilities: string[];
  /** null = a placeholder Secret the user fills in. */
  credentials: RegistryCredentials | null;
  context: ContextSource;
  ttlSecondsAfterFinished?: number;
  activeDeadlineSeconds?: number;
}

export interface ClusterObjects {
  names: BuildObjectNames;
  secret: ISecret;
  configMap: IConfigMap | null;
  job: IJob;
  debugImage: string;
  capabilities: string[];
}

export function buildClusterObjects(input: ClusterBuildInput): ClusterObjects {
  const fields: Record<string, string> = {};
  if (!isDnsLabel(input.name, 52)) fields.name = 'lowercase letters, digits and "-", at most 52 characters';
  if (!isDnsLabel(input.namespace)) fields.namespace = 'not a valid namespace name';
  if (input.executorImage.trim() === '') fields.executorImage = 'required';
  if (!input.args.some((a) => a === '--destination' || a === '-d' || a.startsWith('--destination='))) {
    if (!input.args.includes('--no-push')) fields.args = 'a cluster build needs at least one --destination';
  }
  if (Object.keys(fields).length > 0) {
    throw new AppError(
      'VALIDATION',
      `Cannot generate the build objects: ${Object.keys(fields).join(', ')}.`,
      {
        fields,
      },
    );
  }
  const capabilities = normaliseCapabilities(input.capabilities);
  const names = objectNames(input.name);
  const labels = buildLabels(input.name);
  const debugImage =
    input.debugImage ?? (input.context.kind === 'archive' ? debugImageFor(input.executorImage) : '');

  let configMap: IConfigMap | null = null;
  let jobContext: { kind: 'git'; url: string } | { kind: 'archive' };
  if (input.context.kind === 'git') {
    jobContext = { kind: 'git', url: normaliseGitContext(input.context.url) };
  } else {
    checkArchiveSize(input.context.archive);
    configMap = contextConfigMap({
      name: names.configMap,
      namespace: input.namespace,
      labels,
      archive: input.context.archive,
    });
    jobContext = { kind: 'archive' };
  }

  const secret = registrySecret({
    name: names.secret,
    namespace: input.namespace,
    labels,
    registry: input.registry,
    credentials: input.credentials,
  });
  const job = kanikoJob({
    names,
    namespace: input.namespace,
    labels,
    executorImage: input.executorImage,
    debugImage,
    args: input.args,
    capabilities,
    context: jobContext,
    ttlSecondsAfterFinished: input.ttlSecondsAfterFinished ?? DEFAULT_TTL_SECONDS,
    ...(input.activeDeadlineSeconds ? { activeDeadlineSeconds: input.activeDeadlineSeconds } : {}),
  });

  // A generator bug must never reach a cluster or a user's repository.
  const problems = validateManifests([secret, ...(configMap ? [configMap] : []), job]);
  if (problems.length > 0) {
    const first = problems[0] as { kind: string; message: string };
    throw new AppError(
      'INTERNAL',
      `Generated ${first.kind} does not match the Kubernetes schema: ${first.message}.`,
    );
  }
  return { names, secret, configMap, job, debugImage, capabilities };
}
