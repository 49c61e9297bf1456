import type Docker from 'dockerode';
import { posix } from 'node:path';
import { LineBatcher } from '../../../core/line-batcher';
import { throttle } from '../../../core/throttle';
import type { TaskHandle } from '../../../core/task-manager';
import type { BuildFailure, BuildResult, DockerfileStage } from '../../../shared/contract/build';
import { AppError } from '../../../shared/errors';
import type { EngineAccess } from '../../engine/engine-access';
import { isNotFound } from '../../engine/engine-errors';
import type { PullReporter } from '../../engine/image-pull';
import type { StreamName } from '../../engine/stream-demux';
import { ensureExecutorImage } from '../executor-image';
import type { BuildLogFile } from '../history/build-log-file';
import { createContextArchive } from '../logic/context-archive';
import { plannedStages } from '../logic/dockerfile-analysis';
import { DEFAULT_DIGEST_FILE, DEFAULT_TAR_PATH } from '../logic/executor-args';
import { KanikoLogParser } from '../logic/kaniko-log-parser';
import type { PlannedBuild } from './build-plan';
import { putContext, putFolders, readContainerFile, withContainerFolder } from './container-files';
import { executorContainerSpec, explainUsernsShortage } from './container-spec';
import { duringPhase } from './engine-loss';
import { executorLogins } from './executor-logins';
import { pullBuiltImage } from './pull-built-image';
import { pushBuiltImage } from './push-built-image';
import { loadImageArchive } from './load-image';
import type { BuildCredentials } from './ports';
import { ExitNotReportedError, runAttached } from './run-attached';
import { readAll } from './tar-helpers';
import { StageTracker } from './stage-tracker';
import { warmBaseImages } from './warm-base-images';

/** The app's layer cache registry, as a build needs it: started on demand, then the plan gets its port. */
export interface AppLayerCache {
  ensure(report: PullReporter, signal: AbortSignal): Promise<string>;
  /** The same request planned with the registry's address (127.0.0.1:PORT). */
  replan(address: string): PlannedBuild;
}

export interface ExecutionDeps {
  engine: EngineAccess;
  /** Absent where no cache registry can run (a build that asks for it then fails with a clear error). */
  appCache?: AppLayerCache;
  credentials: BuildCredentials;
  installId: string;
  log: Pick<BuildLogFile, 'append'>;
  /**
   * Takes the built image out of the exited container instead of loading or pushing it (a rebuild
   * that is only compared); the container is removed once it settles.
   */
  collect?(container: Docker.Container): Promise<void>;
  /** The base-image cache's volume (created when missing); null when the setting is off. */
  baseCache?: { ensure(docker: Docker): Promise<void> } | null;
  onStages(
    snapshot: ReturnType<StageTracker['snapshot']> & {
      dockerfileStages: DockerfileStage[];
      stepsFrom: number;
    },
  ): void;
}

/** How long the end of a build waits for its container's removal before reporting the outcome. */
const REMOVAL_WAIT_MS = 2_000;
/** After Kaniko printed its failure, how long Podman may take to report the exit code. */
const FAILED_EXIT_REPORT_MS = 2_000;
/** Stage snapshots go out at most this often (each is a full copy; a 1,500-step build has 1,500 steps). */
const PUBLISH_INTERVAL_MS = 250;
/** How often a snapshot carries every step (the others only what changed), so late pages catch up. */
const FULL_SNAPSHOT_MS = 2_000;

export type ExecutionOutcome = Pick<BuildResult, 'pushed' | 'digest' | 'loadedImages'>;

/**
 * A build that failed in the executor: BUILD_FAILED (AUTH_FAILED when the registry refused the login),
 * with the parser's report (cause, fix, failing step, exit status, last lines) travelling along.
 */
export class BuildFailedError extends AppError {
  constructor(
    message: string,
    readonly failure: BuildFailure | null,
    opts: { hint?: string } = {},
  ) {
    super(
      failure?.code === 'auth' || failure?.code === 'push-permission' ? 'AUTH_FAILED' : 'BUILD_FAILED',
      message,
      opts,
    );
  }
}

/**
 * One build, start to end, inside its task: credentials check (push) → executor image → container →
 * context and config in → attach, wait, start → output through the parser → digest and (local mode)
 * the image loaded into Podman. The container is always removed, and at once on cancel.
 */
export class BuildExecution {
  readonly stages = new StageTracker();
  private readonly parser: KanikoLogParser;
  private container: Docker.Container | null = null;
  private removal: Promise<void> | null = null;
  /** The executor ran to its end: removal needs no kill first. */
  private exited = false;
  /** The container could not be removed (the engine was gone): a later sweep must do it. */
  private removalFailed = false;
  /** run() has returned: its log is closed. */
  private reported = false;
  private readonly publisher = throttle(() => this.sendStages(false), PUBLISH_INTERVAL_MS);
  /** Steps below this number were final when last sent; a full list goes out now and then. */
  private sentFinalBelow = 1;
  private lastFullAt = 0;
  private taskProgress: { fraction: number; label: string } | null = null;

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
  }

  /** Resolves true when the build container is still in the engine once its removal settled (it failed). */
  containerLeft(): Promise<boolean> {
    return (this.removal ?? Promise.resolve()).then(() => this.removalFailed);
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
    this.publisher.cancel();
    this.sendStages(true);
  }

  async run(): Promise<ExecutionOutcome> {
    const signal = this.task.signal;
    const onAbort = () => void this.removeContainer();
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
      const container = await duringPhase('prepare', docker, () =>
        this.createContainer(docker, logins.configJson),
      );
      if (signal.aborted) await this.removeContainer();
      this.checkCancelled();
      this.line(
        `Executor ${plan.executorImage}: no-new-privileges, cap-drop ALL, cap-add ${plan.security.capAdd.join(',')}`,
        `Network: ${plan.network.summary}`,
      );

      this.task.progress(null, 'Sending the build context');
      await duringPhase('upload', docker, () => this.sendContext(container, logins.configJson));
      this.checkCancelled();

      const exitCode = await duringPhase('executor', docker, () => this.runExecutor(container)).catch(
        (err: unknown) => {
          throw this.failureSeenInOutput(err);
        },
      );
      this.exited = true;
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
      const pullFrom = this.planned.pullFrom;
      const { digest, loadedImages } = await duringPhase('load', docker, () =>
        pullFrom
          ? this.pullLocalOutput(docker, container, pullFrom)
          : this.readLocalOutput(docker, container),
      );
      this.end(true);
      return { pushed: [], digest, loadedImages };
    } finally {
      signal.removeEventListener('abort', onAbort);
      // The outcome is not held back by a slow removal (Podman may wait seconds for an exit file it
      // cannot write): past this, the removal goes on and a failure is swept up (containerLeft).
      await Promise.race([this.removeContainer(), new Promise((r) => setTimeout(r, REMOVAL_WAIT_MS))]);
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

  /** The executor image, the base-image cache filled (when on), then the build container. */
  private async createContainer(docker: Docker, configJson: Buffer | null): Promise<Docker.Container> {
    const { plan } = this.planned;
    const signal = this.task.signal;
    await ensureExecutorImage(docker, plan.executorImage, this.task, signal);
    this.checkCancelled();
    const baseCache = this.deps.baseCache;
    const cache = baseCache ? plan.baseImageCache : null;
    if (cache && baseCache) {
      this.task.progress(null, 'Filling the base-image cache');
      await warmBaseImages({
        ...{ docker, cache, executorImage: plan.executorImage, buildId: this.buildId, signal },
        ensureVolume: (d) => baseCache.ensure(d),
        installId: this.deps.installId,
        networkMode: this.planned.network.networkMode,
        rootfulEngine: this.deps.engine.status().rootless === false,
        configJson,
        line: (...text) => this.line(...text),
      });
      this.checkCancelled();
    }
    this.task.progress(null, 'Creating the build container');
    const spec = executorContainerSpec({
      image: plan.executorImage,
      args: plan.args,
      capAdd: plan.security.capAdd,
      buildId: this.buildId,
      networkMode: this.planned.network.networkMode,
      installId: this.deps.installId,
      rootfulEngine: this.deps.engine.status().rootless === false,
      volumes: cache ? [{ name: cache.volume, path: cache.path, readOnly: true }] : [],
    });
    this.container = await docker.createContainer(spec).catch((err: unknown) => {
      throw explainUsernsShortage(err);
    });
    return this.container;
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

  private async runExecutor(container: Docker.Container): Promise<number> {
    const batchers: Record<StreamName, LineBatcher> = {
      stdout: new LineBatcher({ flush: (lines) => this.onLines('stdout', lines) }),
      stderr: new LineBatcher({ flush: (lines) => this.onLines('stderr', lines) }),
    };
    this.task.progress(0, 'Starting the executor');
    try {
      return await runAttached(container, {
        signal: this.task.signal,
        onOutput: (stream, chunk) => batchers[stream].write(chunk),
        exitReportTimeoutMs: () => {
          // Every line is through the parser now: when Kaniko already said why it stopped, a missing
          // exit report (Podman cannot record it on a full disk) is not worth 15 s of waiting.
          batchers.stdout.end();
          batchers.stderr.end();
          return this.parser.report ? FAILED_EXIT_REPORT_MS : undefined;
        },
      });
    } finally {
      batchers.stdout.end();
      batchers.stderr.end();
    }
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
          // Sent with the next stage snapshot: one task update per step flooded every page.
          this.taskProgress = { fraction: ev.fraction, label: ev.label };
          moved = true;
        }
      }
    }
    this.deps.log.append(display);
    this.task.log(...display);
    if (moved) this.schedulePublish();
  }

  /**
   * The executor phase broke off (no exit code), but Kaniko had already printed why it failed (e.g. no
   * space left on device): that reason is the error, not the missing exit code.
   */
  private failureSeenInOutput(err: unknown): unknown {
    const cancelled = this.task.signal.aborted || (err instanceof AppError && err.code === 'CANCELLED');
    if (cancelled || !this.parser.report) return err;
    // The output ended: the executor is gone, and a kill of what Podman still thinks runs only stalls.
    if (err instanceof AppError && err.cause instanceof ExitNotReportedError) this.exited = true;
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
    const built = await this.readDigest(container);
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

  private async readDigest(container: Docker.Container): Promise<string | null> {
    try {
      const text = (await readContainerFile(container, DEFAULT_DIGEST_FILE)).toString('utf8').trim();
      return /^sha256:[a-f0-9]{64}$/.test(text) ? text : this.parser.state.digest;
    } catch {
      return this.parser.state.digest;
    }
  }

  /**
   * Local mode: the digest and the image tarball come out of the output folder in ONE getArchive (each
   * call costs ~150 ms on Podman), the tarball streamed straight into the engine's image load.
   */
  private async readLocalOutput(
    docker: Docker,
    container: Docker.Container,
  ): Promise<{ digest: string | null; loadedImages: string[] }> {
    this.enter('load', 'Loading the image into Podman');
    this.task.progress(null, 'Loading the image into Podman');
    const found: { digest: string; names: string[] | null } = { digest: '', names: null };
    const read = () =>
      withContainerFolder(container, posix.dirname(DEFAULT_TAR_PATH), (file, content) => {
        if (file === posix.basename(DEFAULT_TAR_PATH))
          return loadImageArchive(docker, content).then((names) => (found.names = names));
        if (`${posix.dirname(DEFAULT_TAR_PATH)}/${file}` === DEFAULT_DIGEST_FILE)
          return readAll(content).then((b) => (found.digest = b.toString('utf8').trim()));
        return undefined;
      });
    await read();
    // Right after the exit Podman sometimes answers this read with the folder but none of its files
    // (seen in about half of the real Kaniko builds, never with curl a moment later); read it again.
    for (let attempt = 1; found.names === null && attempt <= 3; attempt++) {
      this.line(`The engine returned the output folder without its files; reading it again (${attempt}/3).`);
      await new Promise((r) => setTimeout(r, 150 * attempt));
      await read();
    }
    if (found.names === null) throw new Error(`The executor wrote no image tarball at ${DEFAULT_TAR_PATH}.`);
    this.line(`Loaded into Podman: ${found.names.join(', ') || '(unnamed image)'}`);
    const digest = /^sha256:[a-f0-9]{64}$/.test(found.digest)
      ? found.digest
      : await this.readDigest(container);
    return { digest, loadedImages: found.names };
  }

  /** Local mode through the app's cache registry: Kaniko pushed the image there; Podman pulls it by digest. */
  private async pullLocalOutput(
    docker: Docker,
    container: Docker.Container,
    repository: string,
  ): Promise<{ digest: string | null; loadedImages: string[] }> {
    this.enter('load', 'Pulling the image into Podman');
    this.task.progress(null, 'Pulling the image into Podman from the cache registry');
    // Kaniko's own `Pushed …@sha256:…` line names it (saves a read of the output folder); the pull by
    // digest verifies it.
    const digest = this.parser.state.digest ?? (await this.readDigest(container));
    if (!digest)
      throw new Error('The executor reported no digest for the image it pushed to the cache registry.');
    const names = await pullBuiltImage(docker, repository, digest, this.planned.validated.destinations);
    this.line(`Pulled into Podman from the cache registry: ${names.join(', ')}`);
    return { digest, loadedImages: names };
  }

  /** (Kill +) remove; idempotent, and shared between cancel and the final clean-up. */
  private removeContainer(): Promise<void> {
    const c = this.container;
    if (!c) return Promise.resolve();
    // SIGKILL first unless it already exited: the executor is PID 1 and may ignore SIGTERM, and a
    // forced remove would wait for the stop timeout before killing it. On an exited container the
    // kill only fails, sometimes ~40 ms later (it queues behind Podman's post-exit clean-up).
    this.removal ??= (this.exited ? Promise.resolve() : c.kill().catch(() => undefined))
      .then(() => c.remove({ force: true, v: true }))
      .catch((err: unknown) => {
        if (isNotFound(err)) return;
        this.removalFailed = true;
        if (!this.reported)
          this.line(
            `Could not remove the build container (removed once Podman answers again): ${String(err)}`,
          );
      });
    return this.removal;
  }

  private enter(key: Parameters<StageTracker['enter']>[0], label: string): void {
    this.stages.enter(key, label);
    this.publish();
  }

  private publish(): void {
    this.publisher.flush();
  }

  /** A snapshot with only the steps that may have changed, or all of them (at the end, every 2 s). */
  private sendStages(full: boolean): void {
    const now = Date.now();
    const all = full || now - this.lastFullAt >= FULL_SNAPSHOT_MS;
    if (all) this.lastFullAt = now;
    const stepsFrom = all ? 1 : this.sentFinalBelow;
    if (this.taskProgress) this.task.progress(this.taskProgress.fraction, this.taskProgress.label);
    this.taskProgress = null;
    const model = this.parser.model;
    this.deps.onStages({ ...this.stages.snapshot(), dockerfileStages: model.snapshot(stepsFrom), stepsFrom });
    this.sentFinalBelow = model.firstOpenStep;
  }

  private schedulePublish(): void {
    this.publisher.request();
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
