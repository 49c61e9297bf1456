import { z } from 'zod';
import { ErrorPayload } from '../errors';
import { BuildRequest } from './build-request';
import { event, request } from './define';
import { Id } from './limits';
import { ReproducibilityReport } from './reproducibility';

/** One row of "what runs and why": a capability added to the executor container and the reason. */
export const CapabilityRow = z.object({
  name: z.string(),
  capability: z.string(),
  purpose: z.string(),
  justification: z.string(),
  reason: z.string(),
});
export type CapabilityRow = z.infer<typeof CapabilityRow>;

/** The base-image cache a build uses: a volume the app owns, filled by Kaniko's warmer, read by the executor. */
export const BaseImageCachePlan = z.object({
  volume: z.string(),
  /** Where the volume is mounted in the warmer (read-write) and the executor (read-only) containers. */
  path: z.string(),
  /** FROM images the warmer fetches into the cache before the build (literal names, not earlier stages). */
  images: z.array(z.string()),
  /** The warmer's argument vector (no shell ever sees it). */
  warmerArgs: z.array(z.string()),
  /** One or two sentences for "What runs and why". */
  summary: z.string(),
});
export type BaseImageCachePlan = z.infer<typeof BaseImageCachePlan>;

/** Everything a build will do, computed without side effects (shown before the user clicks Build). */
export const BuildPlan = z.object({
  contextDir: z.string(),
  dockerfile: z.string(),
  destinations: z.array(z.string()),
  mode: z.enum(['push', 'local']),
  executorImage: z.string(),
  /** The executor's argument vector, exactly as the container receives it. */
  args: z.array(z.string()),
  security: z.object({
    noNewPrivileges: z.boolean(),
    capDrop: z.array(z.string()),
    capAdd: z.array(z.string()),
  }),
  capabilities: z.array(CapabilityRow),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), line: z.number().nullable() })),
  instructionCount: z.number(),
  baseImages: z.array(z.string()),
  /** The build container's network and why (loopback registries need the host's loopback). */
  network: z.object({ mode: z.string(), summary: z.string() }),
  /** The base-image cache volume mounted into the build, or null when the setting is off. */
  baseImageCache: BaseImageCachePlan.nullable().default(null),
  /** Where Kaniko's layer cache lives (app = the app's cache registry on loopback), and why. */
  cache: z.object({
    mode: z.enum(['off', 'app-registry', 'registry']),
    /** The --cache-repo value (as the build container reaches it), null when off. */
    repo: z.string().nullable(),
    summary: z.string(),
  }),
});
export type BuildPlan = z.infer<typeof BuildPlan>;

export const BuildStageKey = z.enum([
  'prepare',
  'pull',
  'unpack',
  'instruction',
  'snapshot',
  'push',
  'load',
  'done',
]);
export const BuildStageItem = z.object({
  key: BuildStageKey,
  label: z.string(),
  state: z.enum(['active', 'done', 'failed']),
});
export type BuildStageItem = z.infer<typeof BuildStageItem>;

/** Whether kaniko's layer cache served a step: looked up and found, looked up and missed, or never cached. */
export const StepCache = z.enum(['hit', 'miss', 'not-cacheable']);
export type StepCache = z.infer<typeof StepCache>;

/** One Dockerfile instruction as kaniko ran it. */
export const BuildStep = z.object({
  /** 1-based position among all steps of the build. */
  n: z.number().int(),
  /** The instruction as kaniko echoed it. */
  text: z.string(),
  state: z.enum(['active', 'done', 'failed']),
  /** null when the build runs without --cache. */
  cache: StepCache.nullable(),
  /** null while running, or when the log carried no timing (a history log read again). */
  elapsedMs: z.number().nullable(),
});
export type BuildStep = z.infer<typeof BuildStep>;

/** A Dockerfile stage (FROM … AS name) with its steps, as kaniko built it. */
export const DockerfileStage = z.object({
  /** Kaniko's stage index (0-based, as in 'Building stage … [idx: …]'). */
  index: z.number().int(),
  /** The AS name, when the Dockerfile gives one. */
  name: z.string().nullable(),
  /** What the stage starts from: an image, or another stage. */
  base: z.string(),
  state: z.enum(['pending', 'active', 'done', 'failed']),
  /** Steps the Dockerfile has in this stage (0 = unknown). */
  stepCount: z.number().int(),
  steps: z.array(BuildStep),
  elapsedMs: z.number().nullable(),
});
export type DockerfileStage = z.infer<typeof DockerfileStage>;

/** The failing step, when a build fails in one, with the output that came just before the failure. */
export const FailedStep = z.object({
  stageIndex: z.number().int().nullable(),
  stageName: z.string().nullable(),
  n: z.number().int(),
  text: z.string(),
});

export const BuildOutcome = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type BuildOutcome = z.infer<typeof BuildOutcome>;

/** A known executor failure turned into words: what happened and what to do. */
export const BuildFailure = z.object({
  code: z.string(),
  explanation: z.string(),
  fix: z.string(),
  /** The step that failed, when the failure happened in one. */
  step: FailedStep.nullable().default(null),
  /** The step's exit status (RUN failures). */
  exitStatus: z.number().int().nullable().default(null),
  /** The last log lines before the failure (at most 12), oldest first. */
  lastLines: z.array(z.string()).default([]),
});
export type BuildFailure = z.infer<typeof BuildFailure>;

/** One step's cache status and time, kept with the History entry so later builds can estimate time saved. */
export const StepTiming = z.object({
  stageIndex: z.number().int(),
  text: z.string(),
  cache: StepCache.nullable(),
  elapsedMs: z.number().nullable(),
});
export type StepTiming = z.infer<typeof StepTiming>;

/** What the caches did for one build: steps served from the layer cache, the base image, time saved. */
export const CacheSummary = z.object({
  steps: z.number().int(),
  stepsFromCache: z.number().int(),
  /** Base images the executor read from the base-image cache instead of the registry. */
  baseImagesFromCache: z.number().int(),
  /**
   * Estimated: for each cached step, its time in the last build of the same Dockerfile and context that
   * built it, minus its time now. null when no earlier build measured any of the cached steps.
   */
  savedMs: z.number().nullable(),
  /** How many cached steps had an earlier measurement (savedMs covers only these). */
  measuredSteps: z.number().int(),
  stepTimes: z.array(StepTiming),
  /**
   * Set when nothing the image depends on had changed since an earlier build whose image Podman still
   * holds: that image was tagged again and Kaniko did not run.
   */
  reusedFrom: z.object({ buildId: z.string(), startedAt: z.number() }).nullable().optional(),
});
export type CacheSummary = z.infer<typeof CacheSummary>;

export const BuildResult = z.object({
  buildId: z.string(),
  result: BuildOutcome,
  destinations: z.array(z.string()),
  /** References the registry confirmed (push mode). */
  pushed: z.array(z.string()),
  digest: z.string().nullable(),
  /** Local-only mode: the image name Podman now lists. */
  loadedImages: z.array(z.string()),
  durationMs: z.number(),
  error: ErrorPayload.nullable(),
  failure: BuildFailure.nullable(),
  /** What the caches did (absent: not tracked, e.g. the build stopped before the executor ran). */
  cache: CacheSummary.nullable().optional(),
});
export type BuildResult = z.infer<typeof BuildResult>;

export const HistoryEntry = z.object({
  buildId: z.string(),
  taskId: z.string().nullable(),
  destinations: z.array(z.string()),
  mode: z.enum(['push', 'local']),
  contextDir: z.string(),
  dockerfile: z.string(),
  executorImage: z.string(),
  capabilities: z.array(z.string()),
  result: BuildOutcome,
  digest: z.string().nullable(),
  pushed: z.array(z.string()),
  loadedImages: z.array(z.string()),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  error: ErrorPayload.nullable(),
  failure: BuildFailure.nullable(),
  logLines: z.number(),
  /** What was asked for, so the build can be run again ("Rebuild and compare"); absent in older entries. */
  request: BuildRequest.optional(),
  /** The latest "Rebuild and compare" of this build. */
  comparison: ReproducibilityReport.optional(),
  /** Absent in entries written before caches were tracked. */
  cache: CacheSummary.nullable().optional(),
  /**
   * Local builds with Cache: the fingerprint of everything the image depends on (Dockerfile, context
   * files, build arguments, target, executor, base image digests) and the image Podman got.
   */
  inputs: z.object({ key: z.string(), imageId: z.string() }).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

const BuildIdParams = z.object({ buildId: Id });

/** Whether the executor image from Settings is in the engine's storage (checked before the first build). */
export const ExecutorImageStatus = z.object({ image: z.string(), present: z.boolean() });

/** The base-image cache volume: whether it exists, its size on the engine, and whether a build uses it now. */
export const BaseImageCacheStatus = z.object({
  volume: z.string(),
  enabled: z.boolean(),
  exists: z.boolean(),
  /** null when the engine does not report volume sizes. */
  sizeBytes: z.number().nullable(),
  inUse: z.boolean(),
});
export type BaseImageCacheStatus = z.infer<typeof BaseImageCacheStatus>;

export const buildRequests = {
  /** Validation + capability table + resolved references; no side effects. Field errors: VALIDATION with `fields`. */
  'build.plan': request(BuildRequest, BuildPlan),
  'build.start': request(BuildRequest, z.object({ taskId: z.string(), buildId: z.string() })),
  'build.cancel': request(BuildIdParams, z.object({ cancelled: z.boolean() })),
  'build.executorImage': request(z.object({}), ExecutorImageStatus),
  /** Pulls the executor image from Settings as a task (kind 'executor.pull'). */
  'build.executorPull': request(z.object({}), z.object({ taskId: z.string() })),
  /** Loads an image archive (podman/docker save output) from a file on the machine running the app. */
  'build.executorLoad': request(
    z.object({ path: z.string().max(4096) }),
    ExecutorImageStatus.extend({ loaded: z.array(z.string()) }),
  ),
  'build.baseCache': request(z.object({}), BaseImageCacheStatus),
  /** Removes the base-image cache volume (refused while a build uses it); the next build starts it afresh. */
  'build.baseCacheClear': request(
    z.object({}),
    BaseImageCacheStatus.extend({ freedBytes: z.number().nullable() }),
  ),
  'history.list': request(z.object({}), z.array(HistoryEntry)),
  'history.get': request(
    BuildIdParams,
    HistoryEntry.extend({ log: z.array(z.string()), dockerfileStages: z.array(DockerfileStage) }),
  ),
  'history.delete': request(BuildIdParams, z.object({ deleted: z.boolean() })),
};

export const buildEvents = {
  /**
   * The build's phases (prepare, pull, unpack, instruction…, one item per phase run), its Dockerfile
   * stages with their steps, and progress. Sent at most a few times a second: each is a full snapshot.
   */
  'build.stage': event(
    z.object({
      buildId: z.string(),
      stages: z.array(BuildStageItem),
      progress: z.number().min(0).max(1),
      dockerfileStages: z.array(DockerfileStage).default([]),
      /**
       * Steps numbered below this are unchanged since the previous event and left out of `steps`
       * (1 = every step is here: sent every couple of seconds and at the end, so a page opened late
       * catches up).
       */
      stepsFrom: z.number().int().min(1).default(1),
    }),
  ),
  'build.finished': event(z.object({ buildId: z.string(), result: BuildResult })),
};
