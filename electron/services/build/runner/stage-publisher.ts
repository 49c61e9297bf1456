import { throttle } from '../../../core/throttle';
import type { DockerfileStage } from '../../../shared/contract/build';
import type { StageModel } from '../logic/kaniko-stages';
import type { StageTracker } from './stage-tracker';

/** Stage snapshots go out at most this often (each is a full copy; a 1,500-step build has 1,500 steps). */
const PUBLISH_INTERVAL_MS = 250;
/** How often a snapshot carries every step (the others only what changed), so late pages catch up. */
const FULL_SNAPSHOT_MS = 2_000;

/** What the Build page gets: the phases, and the Dockerfile stages' steps from `stepsFrom` on. */
export type StagesSnapshot = ReturnType<StageTracker['snapshot']> & {
  dockerfileStages: DockerfileStage[];
  stepsFrom: number;
};

/** Sends the build's phase and step snapshots, throttled, with only what may have changed. */
export class StagePublisher {
  private readonly publisher = throttle(() => this.send(false), PUBLISH_INTERVAL_MS);
  /** Steps below this number were final when last sent; a full list goes out now and then. */
  private sentFinalBelow = 1;
  private lastFullAt = 0;
  private taskProgress: { fraction: number; label: string } | null = null;

  constructor(
    private readonly stages: StageTracker,
    private readonly model: StageModel,
    private readonly out: {
      progress(fraction: number, label: string): void;
      onStages(snapshot: StagesSnapshot): void;
    },
  ) {}

  /** A new phase: sent now. */
  now(): void {
    this.publisher.flush();
  }

  /** Something moved: sent at the next interval. */
  soon(): void {
    this.publisher.request();
  }

  /** Sent with the next stage snapshot: one task update per step flooded every page. */
  progressLater(fraction: number, label: string): void {
    this.taskProgress = { fraction, label };
  }

  /** The build ended: every step, now, and nothing after. */
  final(): void {
    this.publisher.cancel();
    this.send(true);
  }

  /** A snapshot with only the steps that may have changed, or all of them (at the end, every 2 s). */
  private send(full: boolean): void {
    const now = Date.now();
    const all = full || now - this.lastFullAt >= FULL_SNAPSHOT_MS;
    if (all) this.lastFullAt = now;
    const stepsFrom = all ? 1 : this.sentFinalBelow;
    if (this.taskProgress) this.out.progress(this.taskProgress.fraction, this.taskProgress.label);
    this.taskProgress = null;
    this.out.onStages({
      ...this.stages.snapshot(),
      dockerfileStages: this.model.snapshot(stepsFrom),
      stepsFrom,
    });
    this.sentFinalBelow = this.model.firstOpenStep;
  }
}
