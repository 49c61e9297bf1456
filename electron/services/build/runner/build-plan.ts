import type { BuildPlan } from '../../../shared/contract/build';
import type { BuildRequest } from '../../../shared/contract/build-request';
import { validationError } from '../../../shared/errors';
import { plannedStages, requiredCapabilities } from '../logic/dockerfile-analysis';
import { baseCacheExecutorArgs, planBaseImageCache } from '../logic/base-image-cache';
import {
  baseImageRegistries,
  registryBaseImages,
  planBuildNetwork,
  registryMapArgs,
  type BuildNetwork,
} from '../logic/build-network';
import { executorArgsForPlan } from '../logic/executor-args';
import {
  cacheRegistries,
  describeLayerCache,
  localOutputViaRegistry,
  planLayerCache,
  type LayerCache,
} from '../logic/layer-cache';
import { validateBuildRequest, type ValidatedBuild } from '../logic/validate-request';
import { OCI_LAYOUT_DIR, WORKSPACE_DIR } from './container-files';
import { securityOptions } from './container-spec';

export interface PlannedBuild {
  validated: ValidatedBuild;
  plan: BuildPlan;
  network: BuildNetwork;
  /** Registries of the FROM images (their saved logins go in only when the request asks). */
  baseRegistries: string[];
  baseImageLogin: boolean;
  /** Where the layer cache lives; app-registry before its port is known plans with port 0. */
  cache: LayerCache;
  /** Local builds with the app's cache registry: Podman pulls the built image from here (127.0.0.1:PORT/repo). */
  pullFrom: string | null;
}

export interface PlanInputs {
  executorImage: string;
  /** Used when the request leaves the context folder empty: the bundled nginx page. */
  defaultContextDir: string;
  dockerHubUser?: string;
  /** The base-image cache volume, when the setting is on. */
  baseImageCache?: { volume: string } | null;
  /** The app's cache registry (127.0.0.1:PORT) when it runs; null = not started yet. */
  appCacheRegistry?: string | null;
}

/**
 * Everything a build will do, computed without side effects: validated request (field errors →
 * VALIDATION with `fields`), the executor's exact arguments, and the capability table with reasons.
 */
export function planBuild(req: BuildRequest, inputs: PlanInputs): PlannedBuild {
  const contextDir = req.contextDir?.trim() ? req.contextDir.trim() : inputs.defaultContextDir;
  const result = validateBuildRequest(req, contextDir, {
    ...(inputs.dockerHubUser ? { dockerHubUser: inputs.dockerHubUser } : {}),
  });
  const cacheResult = planLayerCache(
    req,
    result.ok ? result.plan.destinations[0] : undefined,
    inputs.appCacheRegistry ?? null,
  );
  if (!result.ok || !cacheResult.ok) {
    throw validationError({
      ...(result.ok ? {} : result.fields),
      ...(cacheResult.ok ? {} : cacheResult.fields),
    });
  }
  const cache = cacheResult.cache;
  const v = result.plan;
  const caps = requiredCapabilities(v.analysis?.instructions ?? []);
  const sec = securityOptions(caps.capabilities);
  const fromImages = registryBaseImages(v.analysis ? plannedStages(v.analysis, v.target) : []);
  const baseRegistries = baseImageRegistries(fromImages);
  const network = planBuildNetwork([...baseRegistries, ...cacheRegistries(cache)]);
  const viaRegistry = v.mode === 'local' ? localOutputViaRegistry(cache, v.destinations) : null;
  // Every kind of build uses it: the cached manifests Kaniko would mix with its own layer types are
  // emptied after warming (base-cache-manifests.ts), so pushed images stay valid.
  const baseImageCache = planBaseImageCache({
    enabled: !!inputs.baseImageCache,
    volume: inputs.baseImageCache?.volume ?? '',
    images: fromImages,
    network,
  });
  const output = viaRegistry
    ? { mode: 'push' as const, destinations: viaRegistry.kanikoDestinations }
    : { ociLayoutPath: OCI_LAYOUT_DIR };
  const args = [
    ...executorArgsForPlan(v, {
      contextPath: WORKSPACE_DIR,
      ...output,
      ...(cache.mode === 'off' ? {} : { cacheRepo: cache.repo }),
    }),
    ...registryMapArgs(network),
  ];
  if (baseImageCache) args.push(...baseCacheExecutorArgs(cache.mode !== 'off', args));
  return {
    validated: v,
    network,
    baseRegistries,
    baseImageLogin: req.baseImageLogin,
    cache,
    pullFrom: viaRegistry?.pullFrom ?? null,
    plan: {
      contextDir: v.contextDir,
      dockerfile: v.dockerfile,
      destinations: v.destinations.map((d) => d.full),
      mode: v.mode,
      executorImage: inputs.executorImage,
      args,
      security: { noNewPrivileges: true, capDrop: sec.CapDrop, capAdd: sec.CapAdd },
      capabilities: caps.table.map((r) => ({ ...r })),
      warnings: caps.warnings.map((w) => ({ ...w })),
      instructionCount: v.analysis?.instructionCount ?? 0,
      baseImages: v.analysis?.baseImages ?? [],
      network: { mode: network.networkMode ?? 'default', summary: network.summary },
      baseImageCache,
      cache: describeLayerCache(cache),
    },
  };
}
