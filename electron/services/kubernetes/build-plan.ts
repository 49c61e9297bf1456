/**
 * From the app's build request to what a cluster build needs: kaniko arguments (always pushing),
 * the capability set, the registry, and the packed context. Reuses the build service's own logic so
 * the cluster runs exactly the build the desktop would.
 */
import { createGzip } from 'node:zlib';
import type { BuildRequest } from '../../shared/contract/build-request';
import { AppError, validationError } from '../../shared/errors';
import { createContextArchive } from '../build/logic/context-archive';
import { plannedStages, requiredCapabilities } from '../build/logic/dockerfile-analysis';
import type { PlannedStage } from '../build/logic/kaniko-stages';
import { executorArgsForPlan } from '../build/logic/executor-args';
import {
  validateBuildRequest,
  validateRequestFields,
  type ValidatedRequest,
} from '../build/logic/validate-request';
import { effectiveRegistry } from '../build/logic/image-ref';
import { BASE_CAPABILITIES, MAX_ARCHIVE_BYTES, RUN_CAPABILITIES } from './defaults';

export interface ClusterPlan {
  registry: string;
  args: string[];
  capabilities: string[];
  /** Absolute context folder (archive contexts only). */
  contextDir: string | null;
  /** Relative to the context; always packed, even if .dockerignore would exclude it. */
  dockerfile: string;
  /** The Dockerfile's stages as kaniko will build them (archive route: the file is on this machine). */
  stages?: PlannedStage[];
}

/** Paths that only exist in the desktop's container, and --context (the Job sets it). */
const LOCAL_ONLY = /^--(context|digest-file|tar-path|image-name-with-digest-file)=/;

function clusterArgs(args: string[], dockerfile: string): string[] {
  return [
    ...args.filter((a) => !LOCAL_ONLY.test(a) && !a.startsWith('--dockerfile=')),
    // Relative: kaniko resolves it inside whatever context it gets (emptyDir, git clone, $CI_PROJECT_DIR).
  ].concat([`--dockerfile=${dockerfile}`]);
}

/**
 * Both cluster routes (packed context, git URL) go through the desktop's validation and its argv
 * builder. The git route has no local folder, so only the request's own fields are checked, and RUN
 * steps are assumed (the Dockerfile is not on this machine).
 */
export function planClusterBuild(
  request: BuildRequest,
  opts: { contextKind: 'git' | 'archive'; contextDir: string | null; logFormat: 'json' | 'text' },
): ClusterPlan {
  // A cluster build always pushes: no registry entered means Docker Hub.
  const req = { ...request, registry: effectiveRegistry(request.registry, 'push') };
  const pushReq = { ...req, mode: 'push' as const };
  let validated: ValidatedRequest;
  let contextDir: string | null = null;
  let capabilities = [...BASE_CAPABILITIES, ...RUN_CAPABILITIES];
  let stages: PlannedStage[] | undefined;
  if (opts.contextKind === 'archive') {
    if (!opts.contextDir)
      throw validationError({ contextDir: 'choose a context folder, or build from a git URL' });
    const result = validateBuildRequest(pushReq, opts.contextDir);
    if (!result.ok) throw validationError(result.fields);
    validated = result.plan;
    contextDir = result.plan.contextDir;
    const analysis = result.plan.analysis;
    if (analysis) {
      capabilities = requiredCapabilities(analysis.instructions).capabilities;
      stages = plannedStages(analysis, validated.target);
    }
  } else {
    const result = validateRequestFields(pushReq);
    if (!result.ok) throw validationError(result.fields);
    validated = result.request;
  }
  const loopback = validated.insecureRegistries[0];
  if (loopback) {
    throw validationError({
      registry:
        `${loopback} is this machine's loopback address; a pod in the cluster would look for it inside ` +
        'itself. Use a registry the cluster can reach.',
    });
  }
  const args = executorArgsForPlan(validated, { logFormat: opts.logFormat });
  return {
    registry: validated.destinations[0]?.registry ?? req.registry,
    args: clusterArgs(args, validated.dockerfile),
    capabilities,
    contextDir,
    dockerfile: validated.dockerfile,
    ...(stages ? { stages } : {}),
  };
}

/** Packs and gzips the context (honouring .dockerignore), refusing as soon as it outgrows a ConfigMap. */
export async function packContext(
  contextDir: string,
  dockerfile: string,
  signal?: AbortSignal,
): Promise<Buffer> {
  const archive = createContextArchive(contextDir, { dockerfile });
  const gzip = createGzip({ level: 9 });
  archive.stream.on('error', (err) => gzip.destroy(err));
  archive.stream.pipe(gzip);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of gzip) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'The cluster build was cancelled.');
      size += (chunk as Buffer).length;
      if (size > MAX_ARCHIVE_BYTES) {
        throw new AppError('VALIDATION', 'The packed build context is too large for a ConfigMap.', {
          hint: 'Add a .dockerignore to leave out large files, or build from a git URL instead.',
          fields: { context: 'too large for a ConfigMap' },
        });
      }
      chunks.push(chunk as Buffer);
    }
  } finally {
    archive.stream.destroy();
    gzip.destroy();
  }
  return Buffer.concat(chunks);
}
