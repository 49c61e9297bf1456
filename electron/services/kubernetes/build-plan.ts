/**
 * From the app's build request to what a cluster build needs: kaniko arguments (always pushing),
 * the capability set, the registry, and the packed context. Reuses the build service's own logic so
 * the cluster runs exactly the build the desktop would.
 */
import { createGzip } from 'node:zlib';
import type { BuildRequest } from '../../shared/contract/build-request';
import { AppError, validationError } from '../../shared/errors';
import { createContextArchive } from '../build/logic/context-archive';
import { requiredCapabilities } from '../build/logic/dockerfile-analysis';
import { buildExecutorArgs } from '../build/logic/executor-args';
import { buildDestinations, effectiveRegistry } from '../build/logic/image-ref';
import { validateBuildRequest } from '../build/logic/validate-request';
import { BASE_CAPABILITIES, MAX_ARCHIVE_BYTES, RUN_CAPABILITIES } from './defaults';

export interface ClusterPlan {
  registry: string;
  args: string[];
  capabilities: string[];
  /** Absolute context folder (archive contexts only). */
  contextDir: string | null;
  /** Relative to the context; always packed, even if .dockerignore would exclude it. */
  dockerfile: string;
}

/** Paths that only exist in the desktop's container, and --context (the Job sets it). */
const LOCAL_ONLY = /^--(context|digest-file|tar-path|image-name-with-digest-file)=/;

function clusterArgs(args: string[], dockerfile: string): string[] {
  return [
    ...args.filter((a) => !LOCAL_ONLY.test(a) && !a.startsWith('--dockerfile=')),
    // Relative: kaniko resolves it inside whatever context it gets (emptyDir, git clone, $CI_PROJECT_DIR).
  ].concat([`--dockerfile=${dockerfile}`]);
}

export function planClusterBuild(
  request: BuildRequest,
  opts: { contextKind: 'git' | 'archive'; contextDir: string | null; logFormat: 'json' | 'text' },
): ClusterPlan {
  // A cluster build always pushes: no registry entered means Docker Hub.
  const req = { ...request, registry: effectiveRegistry(request.registry, 'push') };
  if (opts.contextKind === 'archive') {
    if (!opts.contextDir)
      throw validationError({ contextDir: 'choose a context folder, or build from a git URL' });
    const result = validateBuildRequest({ ...req, mode: 'push' }, opts.contextDir);
    if (!result.ok) throw validationError(result.fields);
    const plan = result.plan;
    const args = buildExecutorArgs({
      dockerfile: plan.dockerfile,
      destinations: plan.destinations.map((d) => d.full),
      buildArgs: plan.buildArgs,
      target: plan.target,
      mode: 'push',
      cache: plan.cache,
      insecureRegistries: plan.insecureRegistries,
      logFormat: opts.logFormat,
    });
    const capabilities = plan.analysis
      ? requiredCapabilities(plan.analysis.instructions).capabilities
      : [...BASE_CAPABILITIES, ...RUN_CAPABILITIES];
    return {
      registry: req.registry,
      args: clusterArgs(args, plan.dockerfile),
      capabilities,
      contextDir: plan.contextDir,
      dockerfile: plan.dockerfile,
    };
  }
  // git: the Dockerfile is not on this machine, so assume RUN steps need their capabilities.
  const dest = buildDestinations(req.registry, req.repository, req.tags, {
    requireNamespaceOnDockerHub: true,
  });
  if (!dest.ok) throw validationError(dest.fields);
  const args = buildExecutorArgs({
    dockerfile: req.dockerfile,
    destinations: dest.refs.map((r) => r.full),
    buildArgs: req.buildArgs,
    target: req.target || null,
    mode: 'push',
    cache: req.cache,
    logFormat: opts.logFormat,
  });
  return {
    registry: req.registry,
    args: clusterArgs(args, req.dockerfile),
    capabilities: [...BASE_CAPABILITIES, ...RUN_CAPABILITIES],
    contextDir: null,
    dockerfile: req.dockerfile,
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
