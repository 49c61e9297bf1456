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
}

export interface PlanInputs {
  executorImage: string;
  /** Used when the request leaves the context folder empty: the bundled nginx page. */
  defaultContextDir: string;
  dockerHubUser?: string;
  /** The base-image cache volume, when the setting is on. */
  baseImageCache?: { volume: string } | null;
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
  // Kaniko builds here with --no-push (the app pushes), and then wants an explicit --cache-repo for its
  // layer cache ("cache flags invalid"); the app sets none up yet, so the cache is refused up front.
  const cacheField: Record<string, string> = req.cache
    ? {
        cache:
          'The layer cache needs a cache repository, which desktop builds do not set up yet: build without it.',
      }
    : {};
  if (!result.ok || req.cache) throw validationError({ ...(result.ok ? {} : result.fields), ...cacheField });
  const v = result.plan;
  const caps = requiredCapabilities(v.analysis?.instructions ?? []);
  const sec = securityOptions(caps.capabilities);
  const fromImages = registryBaseImages(v.analysis ? plannedStages(v.analysis, v.target) : []);
  const baseRegistries = baseImageRegistries(fromImages);
  const network = planBuildNetwork(baseRegistries);
  const baseImageCache = planBaseImageCache({
    enabled: !!inputs.baseImageCache,
    volume: inputs.baseImageCache?.volume ?? '',
    images: fromImages,
    network,
  });
  const args = [
    ...executorArgsForPlan(v, { contextPath: WORKSPACE_DIR, ociLayoutPath: OCI_LAYOUT_DIR }),
    ...registryMapArgs(network),
  ];
  if (baseImageCache) args.push(...baseCacheExecutorArgs(v.cache, args));
  return {
    validated: v,
    network,
    baseRegistries,
    baseImageLogin: req.baseImageLogin,
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
    },
  };
}
