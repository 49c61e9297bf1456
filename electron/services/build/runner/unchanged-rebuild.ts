import type Docker from 'dockerode';
import type { HistoryEntry } from '../../../shared/contract/build';
import { buildInputsKey } from '../logic/build-inputs';
import { registryBaseImages } from '../logic/build-network';
import { plannedStages } from '../logic/dockerfile-analysis';
import type { HistoryStore } from '../history/history-store';
import { resolveBaseDigests } from './base-digests';
import type { PlannedBuild } from './build-plan';
import type { BuildCredentials } from './ports';

/**
 * A local build with Cache whose inputs (Dockerfile, context files, build arguments, target, executor,
 * base image digests) are exactly those of an earlier build whose image Podman still holds gets that
 * image again, under the names asked for, without running Kaniko: Kaniko would rebuild the same image
 * from its cache, only slower (it unpacks every cached layer). Turning Cache off always builds.
 */

export interface UnchangedRebuildDeps {
  docker: Docker;
  history: Pick<HistoryStore, 'list'>;
  credentials: Pick<BuildCredentials, 'authFor'>;
  signal: AbortSignal;
  line(...text: string[]): void;
}

export interface ReusedImage {
  entry: HistoryEntry;
  imageId: string;
  loadedImages: string[];
}

/** Whether this build may reuse or record an image: local, with the layer cache on. */
export function reuseApplies(planned: PlannedBuild): boolean {
  return planned.plan.mode === 'local' && planned.cache.mode !== 'off' && planned.validated.analysis !== null;
}

/** The key of this build's inputs, or null (with the reason in the log when it is worth saying). */
export async function inputsKeyOf(planned: PlannedBuild, deps: UnchangedRebuildDeps): Promise<string | null> {
  const { validated, plan } = planned;
  const analysis = validated.analysis;
  if (!reuseApplies(planned) || !analysis) return null;
  const stages = plannedStages(analysis, validated.target);
  if (stages.some((s) => s.base.includes('$'))) {
    deps.line('A FROM line names its image with a build argument: the image is built, not reused.');
    return null;
  }
  let executorImageId: string;
  try {
    executorImageId = (await deps.docker.getImage(plan.executorImage).inspect()).Id;
  } catch {
    return null; // not pulled yet: the build pulls it, and records the key next time
  }
  let baseDigests: Record<string, string>;
  try {
    baseDigests = await resolveBaseDigests(registryBaseImages(stages), {
      authFor: (r) => deps.credentials.authFor(r),
      signal: deps.signal,
    });
  } catch (err) {
    if (deps.signal.aborted) throw err;
    deps.line(`Could not ask the registry whether a base image changed (${errorText(err)}): building.`);
    return null;
  }
  return buildInputsKey({
    contextDir: plan.contextDir,
    dockerfile: plan.dockerfile,
    executorArgs: plan.args,
    executorImageId,
    baseDigests,
  }).catch(() => null);
}

/**
 * The newest succeeded build with this key whose image Podman still holds, tagged with this build's
 * names; null when there is none (the build then runs).
 */
export async function reuseUnchanged(
  key: string,
  planned: PlannedBuild,
  deps: UnchangedRebuildDeps,
): Promise<ReusedImage | null> {
  for (const entry of deps.history.list()) {
    if (entry.result !== 'succeeded' || entry.inputs?.key !== key) continue;
    let imageId: string;
    try {
      imageId = (await deps.docker.getImage(entry.inputs.imageId).inspect()).Id;
    } catch {
      continue; // removed since: an older build may still have one
    }
    const image = deps.docker.getImage(imageId);
    try {
      for (const d of planned.validated.destinations) {
        await image.tag({ repo: `${d.registry}/${d.repository}`, tag: d.tag ?? 'latest' });
      }
    } catch (err) {
      // The build then runs and names its own image: nothing is lost but time.
      deps.line(`Could not name the unchanged image (${errorText(err)}): building.`);
      return null;
    }
    return { entry, imageId, loadedImages: planned.validated.destinations.map((d) => d.full) };
  }
  return null;
}

/**
 * The reuse step at the start of a build: the key of its inputs (kept with its History entry when it
 * succeeds) and the earlier image it gets instead of running Kaniko, if any (said in the log).
 */
export async function checkUnchanged(
  planned: PlannedBuild,
  deps: Omit<UnchangedRebuildDeps, 'docker'> & { docker: () => Docker },
): Promise<{ key: string | null; reused: ReusedImage | null }> {
  if (!reuseApplies(planned)) return { key: null, reused: null };
  const d = { ...deps, docker: deps.docker() };
  const key = await inputsKeyOf(planned, d);
  const reused = key ? await reuseUnchanged(key, planned, d) : null;
  if (reused) {
    const when = new Date(reused.entry.startedAt).toLocaleString();
    d.line(
      `Nothing this image depends on changed since the build of ${when} (Dockerfile, context files, build arguments, executor, base image digests): its image ${reused.imageId.slice(0, 12)} is now also ${reused.loadedImages.join(', ')}. Kaniko did not run; turn Cache off to build from scratch.`,
    );
  }
  return { key, reused };
}

/** The ID of the image a local build just gave Podman (its first name), for the History entry. */
export async function builtImageId(
  docker: () => Docker,
  loadedImages: readonly string[],
): Promise<string | null> {
  const first = loadedImages[0];
  if (!first) return null;
  try {
    // The engine may be gone by now (docker() throws then): the entry is just not reusable.
    return (await docker().getImage(first).inspect()).Id;
  } catch {
    return null;
  }
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}
