import { randomUUID } from 'node:crypto';
import type { TaskManager } from '../../../core/task-manager';
import type { BuildPlan, BuildResult, HistoryEntry } from '../../../shared/contract/build';
import type { BuildRequest } from '../../../shared/contract/build-request';
import { AppError } from '../../../shared/errors';
import type { EngineAccess } from '../../engine/engine-access';
import type { HistoryStore } from '../history/history-store';
import { ReproducibilityChecks } from '../reproducibility/reproducibility-checks';
import { reusedCacheSummary, sameBuildHistory, stepTimings, summarizeCache } from '../logic/cache-summary';
import type { BaseCacheVolume } from '../base-cache/base-cache-volume';
import { BuildExecution } from './build-execution';
import { BuildFailedError } from './build-failed-error';
import { buildResult } from './build-result';
import type { AppLayerCache } from './execution-deps';
import { planBuild } from './build-plan';
import { recoverInterruptedBuilds } from './crash-recovery';
import type { BuildCredentials, BuildEvents } from './ports';
import { builtImageId, checkUnchanged, type ReusedImage } from './unchanged-rebuild';

/** How long a build started while the app still connects to Podman waits for that first connection. */
const FIRST_CONNECTION_WAIT_MS = 15_000;

export interface BuildServiceOptions {
  engine: EngineAccess;
  tasks: TaskManager;
  history: HistoryStore;
  credentials: BuildCredentials;
  events: BuildEvents;
  /** The executor image setting, read at each build. */
  executorImage: () => string;
  defaultContextDir: string;
  /** This install's label value (settings), on every build container. */
  installId: string;
  /** The base-image cache's volume (its setting decides whether a build uses it). */
  baseCache?: BaseCacheVolume | null;
  /** The app's layer cache registry (local builds with cache, push builds that keep no login out). */
  cacheRegistry?: {
    knownAddress(): string | null;
    ensure: AppLayerCache['ensure'];
  };
  now?: () => number;
}

/** Builds as tasks, one at a time per request; history for every build; crash clean-up at start-up. */
export class BuildService {
  /** buildId → taskId of builds running in this process. */
  private readonly running = new Map<string, string>();
  private readonly now: () => number;
  private recoveryTimer: NodeJS.Timeout | null = null;
  private recovered = false;
  private engineLost = false;
  private disposed = false;
  /** "Rebuild and compare" of builds in the history. */
  readonly checks: ReproducibilityChecks;

  constructor(private readonly opts: BuildServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.checks = new ReproducibilityChecks({
      ...opts,
      // A rebuild to compare uses no cache: cached layers would make any two builds look the same.
      plan: (req) => this.planned({ ...req, cache: false, cacheRepo: '', cacheLogin: false }, null, false),
      compared: (p) => opts.events.compared(p),
      now: this.now,
    });
  }

  get history(): HistoryStore {
    return this.opts.history;
  }

  /** The base-image cache's volume (Settings shows its size and clears it). */
  get baseCache(): BaseCacheVolume | null {
    return this.opts.baseCache ?? null;
  }

  plan(req: BuildRequest): BuildPlan {
    return this.planned(req).plan;
  }

  /** Validates at once (field errors come back here); the build itself runs as a task. */
  start(req: BuildRequest): { taskId: string; buildId: string; result: Promise<BuildResult> } {
    const planned = this.planned(req);
    const { plan } = planned;
    const buildId = randomUUID();
    const startedAt = this.now();
    const log = this.opts.history.openLog(buildId);
    const entry: HistoryEntry = {
      buildId,
      taskId: null,
      destinations: plan.destinations,
      mode: plan.mode,
      contextDir: plan.contextDir,
      dockerfile: plan.dockerfile,
      executorImage: plan.executorImage,
      capabilities: plan.security.capAdd,
      result: 'running',
      digest: null,
      pushed: [],
      loadedImages: [],
      startedAt,
      endedAt: null,
      durationMs: null,
      error: null,
      failure: null,
      logLines: 0,
      request: req,
    };
    const title = `Build ${plan.destinations[0] ?? ''}${plan.mode === 'local' ? ' (local)' : ''}`;
    const { id: taskId, result } = this.opts.tasks.start(
      { kind: 'build', title, page: 'build' },
      async (task) => {
        const exec = new BuildExecution(buildId, planned, task, {
          engine: this.opts.engine,
          credentials: this.opts.credentials,
          installId: this.opts.installId,
          ...this.appCache(req),
          log,
          baseCache: plan.baseImageCache ? (this.opts.baseCache ?? null) : null,
          onStages: (s) => this.opts.events.stage({ buildId, ...s }),
        });
        let outcome: BuildResult | null = null;
        let inputsKey: string | null = null;
        let reused: ReusedImage | null = null;
        try {
          const line = (...text: string[]) => {
            task.log(...text);
            log.append(text);
          };
          // Right after the app starts the engine may still be connecting: the build waits for it.
          await this.opts.engine.firstConnection?.(FIRST_CONNECTION_WAIT_MS);
          ({ key: inputsKey, reused } = await checkUnchanged(planned, {
            ...this.opts,
            docker: () => this.opts.engine.docker(),
            signal: task.signal,
            line,
          }));
          if (reused) exec.end(true);
          const r = reused
            ? { pushed: [], digest: reused.entry.digest, loadedImages: reused.loadedImages }
            : await exec.run();
          outcome = buildResult(buildId, plan, this.now() - startedAt, 'succeeded', r, null, null);
          return outcome;
        } catch (err) {
          const cancelled = task.signal.aborted || (err instanceof AppError && err.code === 'CANCELLED');
          exec.end(false);
          const f = err instanceof BuildFailedError ? err.failure : null;
          const ended = cancelled ? 'cancelled' : 'failed';
          outcome = buildResult(buildId, plan, this.now() - startedAt, ended, null, err, f);
          if (!cancelled) {
            // Also for failures before any container (executor pull, credentials): the page's log and
            // the history's log both say why.
            const lines = [
              `Build failed: ${outcome.error?.message ?? ''}`,
              ...(outcome.error?.hint ? [`What to do: ${outcome.error.hint}`] : []),
            ];
            task.log(...lines);
            log.append(lines);
          }
          throw err;
        } finally {
          this.running.delete(buildId);
          void exec.containerLeft().then((left) => left && this.sweepLeftovers());
          await log.close();
          if (outcome) {
            outcome.cache = reused
              ? reusedCacheSummary(reused.entry, outcome.durationMs)
              : this.cacheSummary(exec, entry);
            const imageId =
              reused?.imageId ??
              (inputsKey && outcome.result === 'succeeded'
                ? await builtImageId(() => this.opts.engine.docker(), outcome.loadedImages)
                : null);
            this.opts.history.update(buildId, {
              result: outcome.result,
              digest: outcome.digest,
              pushed: outcome.pushed,
              loadedImages: outcome.loadedImages,
              endedAt: this.now(),
              durationMs: outcome.durationMs,
              error: outcome.error,
              failure: outcome.failure,
              logLines: log.lines,
              cache: outcome.cache,
              ...(inputsKey && imageId ? { inputs: { key: inputsKey, imageId } } : {}),
            });
            this.opts.events.finished({ buildId, result: outcome });
          }
        }
      },
    );
    this.running.set(buildId, taskId);
    this.opts.history.put({ ...entry, taskId });
    result.catch(() => undefined); // reported through the task, history and build.finished
    return { taskId, buildId, result };
  }

  /** Whether any build runs in this process now. */
  isBuilding(): boolean {
    return this.running.size > 0;
  }

  cancel(buildId: string): boolean {
    const taskId = this.running.get(buildId);
    return taskId ? this.opts.tasks.cancel(taskId) : false;
  }

  /** Removes build containers a crash left behind and records those builds as interrupted. */
  async recover(): Promise<{ removed: string[]; interrupted: string[] }> {
    return recoverInterruptedBuilds({
      docker: this.opts.engine.docker(),
      history: this.opts.history,
      isLive: (id) => this.running.has(id) || this.checks.isRunning(id),
      installId: this.opts.installId,
      now: this.now,
    });
  }

  /**
   * Runs recover() once the engine answers (at start-up it may still be connecting): retries every
   * few seconds until one pass succeeds or the service is disposed.
   */
  startRecovery(intervalMs = 2_000): void {
    if (this.recoveryTimer || this.recovered) return;
    const attempt = () => {
      this.recoveryTimer = null;
      this.recover().then(
        () => {
          this.recovered = true;
        },
        () => {
          if (!this.disposed) {
            this.recoveryTimer = setTimeout(attempt, intervalMs);
            this.recoveryTimer.unref?.();
          }
        },
      );
    };
    attempt();
  }

  /**
   * Follows the engine's connection. When it comes back after a loss, containers a build could not
   * remove meanwhile (the engine died under it) are removed by the same sweep as at start-up.
   */
  engineStatusChanged(state: 'connecting' | 'connected' | 'disconnected'): void {
    if (state === 'disconnected') this.engineLost = true;
    if (state === 'connected' && this.recoveryTimer) {
      // A sweep waiting to retry (e.g. the start-up one, before the first connection) runs now.
      clearTimeout(this.recoveryTimer);
      this.recoveryTimer = null;
      this.engineLost = false;
      this.startRecovery();
      return;
    }
    if (state !== 'connected' || !this.engineLost) return;
    this.engineLost = false;
    this.sweepLeftovers();
  }

  /**
   * Runs the start-up sweep again (retrying until the engine answers): a build whose container could
   * not be removed, or an engine that was away, may have left containers behind.
   */
  private sweepLeftovers(): void {
    if (this.disposed || this.recoveryTimer) return; // a sweep is already waiting to retry
    this.recovered = false;
    this.startRecovery();
  }

  dispose(): void {
    this.disposed = true;
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
  }

  /** The caches' part of the result: per step hit or miss, base images from the cache, time saved. */
  private cacheSummary(exec: BuildExecution, entry: HistoryEntry): BuildResult['cache'] {
    const facts = exec.cacheFacts();
    const steps = stepTimings(facts.stages);
    if (steps.length === 0 && facts.baseImagesFromCache === 0) return null;
    return summarizeCache(
      steps,
      facts.baseImagesFromCache,
      sameBuildHistory(this.opts.history.list(), entry),
    );
  }

  private planned(
    req: BuildRequest,
    appCacheRegistry = this.opts.cacheRegistry?.knownAddress() ?? null,
    useBaseCache = true,
  ) {
    const baseCache = useBaseCache ? this.opts.baseCache : null;
    return planBuild(req, {
      baseImageCache: baseCache?.enabled() ? { volume: baseCache.name } : null,
      executorImage: this.opts.executorImage(),
      defaultContextDir: this.opts.defaultContextDir,
      dockerHubUser: this.opts.credentials.dockerHubUser?.(),
      appCacheRegistry,
    });
  }

  private appCache(req: BuildRequest): { appCache?: AppLayerCache } {
    const registry = this.opts.cacheRegistry;
    if (!registry) return {};
    return {
      appCache: {
        ensure: (report, signal) => registry.ensure(report, signal),
        replan: (address) => this.planned(req, address),
      },
    };
  }
}
