import type Docker from 'dockerode';
import type { TaskHandle } from '../../../core/task-manager';
import type { BuildFailure, BuildResult, DockerfileStage } from '../../../shared/contract/build';
import { AppError } from '../../../shared/errors';
import type { StreamName } from '../../engine/stream-demux';
import { createContextArchive } from '../logic/context-archive';
import { plannedStages } from '../logic/dockerfile-analysis';
import { KanikoLogParser } from '../logic/kaniko-log-parser';
import type { PlannedBuild } from './build-plan';
import { BuildFailedError } from './build-failed-error';
import { readBuiltDigest } from './built-digest';
import { putContext, putFolders } from './container-files';
import { ContainerRemoval } from './container-removal';
import { duringPhase } from './engine-loss';
import type { ExecutionDeps } from './execution-deps';
import { createExecutorContainer } from './executor-container';
import { executorLogins } from './executor-logins';
import { pullLocalOutput, readLocalOutput, type LocalOutput } from './local-output';
import { pushBuiltImage } from './push-built-image';
import { ExitNotReportedError } from './run-attached';
import { runExecutor } from './run-executor';
import { StagePublisher } from './stage-publisher';
import { StageTracker } from './stage-tracker';

/** How long the end of a build waits for its container's removal before reporting the outcome. */
const REMOVAL_WAIT_MS = 2_000;

export type ExecutionOutcome = Pick<BuildResult, 'pushed' | 'digest' | 'loadedImages'>;

/**
 * One build, start to end, inside its task: credentials check (push) → executor image → container →
 * context and config in → attach, wait, start → output through the parser → digest and (local mode)
 * the image loaded into Podman. The container is always removed, and at once on cancel.
 */
export class BuildExecution {
  readonly stages = new StageTracker();
  private readonly parser: KanikoLogParser;
  private readonly publisher: StagePublisher;
  private readonly containerRemoval = new ContainerRemoval((message) => {
    if (!this.reported) this.line(message);
  });
  /** run() has returned: its log is closed. */
  private reported = false;

  constructor(
    private readonly buildId: string,
    private planned: PlannedBuild,
    private readonly task: TaskHandle,
    private readonly deps: ExecutionDeps,
  ) {
    const analysis = planned.validated.analysis;
    this.parser = new KanikoLogParser({
      instructionCount: planned.plan.instructionCount,
      destinationCount: planned.plan.destinations.length,
      cache: planned.validated.cache,
      stages: analysis ? plannedStages(analysis, planned.validated.target) : [],
    });
    this.publisher = new StagePublisher(this.stages, this.parser.model, {
      progress: (fraction, label) => this.task.progress(fraction, label),
      onStages: (snapshot) => this.deps.onStages(snapshot),
    });
  }

  /** Resolves true when the build container is still in the engine once its removal settled (it failed). */
  containerLeft(): Promise<boolean> {
    return this.containerRemoval.left();
  }

  get failure(): BuildFailure | null {
    return this.parser.report;
  }

  /** The Dockerfile stages as built so far, and how many base images came from the base-image cache. */
  cacheFacts(): { stages: DockerfileStage[]; baseImagesFromCache: number } {
    return {
      stages: this.parser.model.snapshot(),
      baseImagesFromCache: this.parser.state.baseImagesFromCache.length,
    };
  }

  /** The build ended (any way): close the active step and stage, and send the final snapshot now. */
  end(ok: boolean): void {
    this.stages.finish(ok);
    this.parser.model.finish(ok);
    this.publisher.final();
  }

  async run(): Promise<ExecutionOutcome> {
    const signal = this.task.signal;
    const onAbort = () => void this.containerRemoval.remove();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.enter('prepare', 'Preparing');
      await this.startLayerCache();
      const { plan, validated } = this.planned;
      if (plan.mode === 'push') {
        const first = validated.destinations[0];
        if (!first) throw new AppError('VALIDATION', 'No destination to push to.');
        this.task.progress(null, `Checking credentials for ${first.registry}`);
        this.line(`Checking the saved login for ${first.registry} before building…`);
        await this.deps.credentials.verify(first.registry, first.repository);
      }
      // The destination's login stays here: main pushes the built image (pushBuiltImage).
      const logins = executorLogins(this.planned, this.deps.credentials);
      for (const l of logins.lines) this.line(l);
      this.checkCancelled();
      const docker = this.deps.engine.docker();
      const container = await duringPhase('prepare', docker, async () => {
        const created = await createExecutorContainer(docker, this.planned, {
          buildId: this.buildId,
          deps: this.deps,
          task: this.task,
          configJson: logins.configJson,
          line: (...text) => this.line(...text),
          checkCancelled: () => this.checkCancelled(),
        });
        this.containerRemoval.track(created);
        return created;
      });
      if (signal.aborted) await this.containerRemoval.remove();
      this.checkCancelled();
      this.line(
        `Executor ${plan.executorImage}: no-new-privileges, cap-drop ALL, cap-add ${plan.security.capAdd.join(',')}`,
        `Network: ${plan.network.summary}`,
      );

      this.task.progress(null, 'Sending the build context');
      await duringPhase('upload', docker, () => this.sendContext(container, logins.configJson));
      this.checkCancelled();

      const exitCode = await duringPhase('executor', docker, () => this.startExecutor(container)).catch(
        (err: unknown) => {
          throw this.failureSeenInOutput(err);
        },
      );
      this.containerRemoval.exited = true;
      if (exitCode !== 0) throw this.executorFailed(exitCode);

      if (this.deps.collect) {
        const collect = this.deps.collect;
        await duringPhase('load', docker, () => collect(container));
        this.end(true);
        return { pushed: [], digest: null, loadedImages: [] };
      }

      if (plan.mode === 'push') return await duringPhase('push', docker, () => this.push(container));
      this.checkCancelled();
      this.commit('Loading the image into Podman: the build can no longer be cancelled.');
      const { digest, loadedImages } = await duringPhase('load', docker, () =>
        this.loadLocalOutput(docker, container),
      );
      this.end(true);
      return { pushed: [], digest, loadedImages };
    } finally {
      signal.removeEventListener('abort', onAbort);
      // The outcome is not held back by a slow removal (Podman may wait seconds for an exit file it
      // cannot write): past this, the removal goes on and a failure is swept up (containerLeft).
      await Promise.race([
        this.containerRemoval.remove(),
        new Promise((r) => setTimeout(r, REMOVAL_WAIT_MS)),
      ]);
      this.reported = true;
    }
  }

  /** The app's cache registry runs before the container is made: its port goes into the arguments. */
  private async startLayerCache(): Promise<void> {
    if (this.planned.cache.mode !== 'app-registry') return;
    const appCache = this.deps.appCache;
    if (!appCache) {
      throw new AppError('UNAVAILABLE', 'The layer cache registry cannot run here.', {
        hint: 'Build without the cache.',
      });
    }
    this.task.progress(null, 'Starting the layer cache registry');
    const address = await appCache.ensure(this.task, this.task.signal);
    this.planned = appCache.replan(address);
    this.line(this.planned.plan.cache.summary);
  }

  /**
   * One putArchive for the output folders and (push mode) config.json, one for the context: each call
   * costs ~25 ms on Podman whatever its size.
   */
  private async sendContext(container: Docker.Container, configJson: Buffer | null): Promise<void> {
    const { plan } = this.planned;
    await putFolders(container, configJson);
    const archive = createContextArchive(plan.contextDir, { dockerfile: plan.dockerfile });
    await putContext(container, archive.stream);
    const sent = await archive.files;
    this.line(`Sent the build context: ${sent.length} file(s) from ${plan.contextDir}`);
  }

  private startExecutor(container: Docker.Container): Promise<number> {
    this.task.progress(0, 'Starting the executor');
    return runExecutor(container, {
      signal: this.task.signal,
      onLines: (stream, lines) => this.onLines(stream, lines),
      failureReported: () => this.parser.report !== null,
    });
  }

  private onLines(stream: StreamName, lines: string[]): void {
    const display: string[] = [];
    let moved = false;
    for (const raw of lines) {
      for (const ev of this.parser.feed(raw, stream)) {
        if (ev.kind === 'line') display.push(ev.line.text);
        else if (ev.kind === 'stage') {
          this.stages.enter(ev.stage, ev.label);
          moved = true;
        } else if (ev.kind === 'stages') {
          moved = true;
        } else if (ev.kind === 'progress') {
          this.stages.progress(ev.fraction);
          this.publisher.progressLater(ev.fraction, ev.label);
          moved = true;
        }
      }
    }
    this.deps.log.append(display);
    this.task.log(...display);
    if (moved) this.publisher.soon();
  }

  /**
   * The executor phase broke off (no exit code), but Kaniko had already printed why it failed (e.g. no
   * space left on device): that reason is the error, not the missing exit code.
   */
  private failureSeenInOutput(err: unknown): unknown {
    const cancelled = this.task.signal.aborted || (err instanceof AppError && err.code === 'CANCELLED');
    if (cancelled || !this.parser.report) return err;
    // The output ended: the executor is gone, and a kill of what Podman still thinks runs only stalls.
    if (err instanceof AppError && err.cause instanceof ExitNotReportedError)
      this.containerRemoval.exited = true;
    return this.executorFailed(null);
  }

  private executorFailed(exitCode: number | null): BuildFailedError {
    this.end(false);
    const f = this.parser.report;
    if (f) return new BuildFailedError(`The build failed: ${f.explanation}`, f, { hint: f.fix });
    return new BuildFailedError(`The executor exited with code ${exitCode}.`, null, {
      hint: 'Read the log above for the cause.',
    });
  }

  /** Push mode: the built image goes to the registry from here, and must keep the digest Kaniko gave it. */
  private async push(container: Docker.Container): Promise<ExecutionOutcome> {
    const destinations = this.planned.validated.destinations;
    const registry = destinations[0]?.registry ?? '';
    this.enter('push', `Pushing to ${registry}`);
    const built = await readBuiltDigest(container, this.parser.state.digest);
    const result = await pushBuiltImage(
      container,
      destinations,
      built,
      this.deps.credentials.authFor(registry),
      this.task.signal,
      {
        line: (t) => this.line(t),
        progress: (f, label) => this.task.progress(f, label),
        commit: () => this.commit('Writing the tags: the push can no longer be cancelled.'),
      },
    );
    this.end(true);
    return { pushed: result.references, digest: result.digest, loadedImages: [] };
  }

  /** Local mode: the image goes into Podman, from the output folder or (app cache) by a pull. */
  private loadLocalOutput(docker: Docker, container: Docker.Container): Promise<LocalOutput> {
    const line = (text: string) => this.line(text);
    const reportedDigest = this.parser.state.digest;
    const pullFrom = this.planned.pullFrom;
    if (pullFrom) {
      this.enter('load', 'Pulling the image into Podman');
      this.task.progress(null, 'Pulling the image into Podman from the cache registry');
      const destinations = this.planned.validated.destinations;
      return pullLocalOutput(docker, container, { repository: pullFrom, destinations, reportedDigest }, line);
    }
    this.enter('load', 'Loading the image into Podman');
    this.task.progress(null, 'Loading the image into Podman');
    return readLocalOutput(docker, container, reportedDigest, line);
  }

  private enter(key: Parameters<StageTracker['enter']>[0], label: string): void {
    this.stages.enter(key, label);
    this.publisher.now();
  }

  private line(...text: string[]): void {
    this.deps.log.append(text);
    this.task.log(...text);
  }

  /**
   * From here the build commits its image (loaded into Podman, or tags written to the registry): a cancel
   * would only race it and leave an image behind a build reported as cancelled, so Cancel now answers
   * "too late". The caller has checked the signal in the same tick.
   */
  private commit(why: string): void {
    this.task.setCancellable(false);
    this.line(why);
  }

  private checkCancelled(): void {
    if (this.task.signal.aborted) throw new AppError('CANCELLED', 'The build was cancelled.');
  }
}
