import type { TaskHandle, TaskManager } from '../../../core/task-manager';
import type { HistoryEntry } from '../../../shared/contract/build';
import type { BuildRequest } from '../../../shared/contract/build-request';
import type { ReproducibilityReport } from '../../../shared/contract/reproducibility';
import { AppError } from '../../../shared/errors';
import type { EngineAccess } from '../../engine/engine-access';
import type { HistoryStore } from '../history/history-store';
import { BuildExecution } from '../runner/build-execution';
import type { PlannedBuild } from '../runner/build-plan';
import type { BuildCredentials } from '../runner/ports';
import { readBuiltImage, type BuiltImage } from './built-image';
import { compareBuiltImages } from './compare-images';
import { reproduciblePlan } from './reproducible-plan';

export interface ReproducibilityDeps {
  engine: EngineAccess;
  tasks: TaskManager;
  history: HistoryStore;
  credentials: BuildCredentials;
  installId: string;
  /** Plans a request as a build would now (today's executor image and default context). */
  plan(req: BuildRequest): PlannedBuild;
  compared(payload: { buildId: string; report: ReproducibilityReport }): void;
  now: () => number;
  /** Parent of the temp folders the rebuilt images are copied to (default: the OS temp folder). */
  tmpRoot?: string;
}

/** Share of the task's progress each rebuild takes; the comparison has the rest. */
const BUILD_SHARE = 0.45;

/**
 * "Rebuild and compare": a build from the history run twice with --reproducible in one task (cancel
 * removes the running container; the copied images are deleted either way), the two images diffed,
 * and the report kept with the history entry.
 */
export class ReproducibilityChecks {
  /** buildId of the compared build → taskId. */
  private readonly running = new Map<string, string>();

  constructor(private readonly deps: ReproducibilityDeps) {}

  isRunning(buildId: string): boolean {
    return this.running.has(buildId);
  }

  /** Checks at once that the build can be run again (errors come back here); the rest is a task. */
  start(buildId: string): { taskId: string; result: Promise<ReproducibilityReport> } {
    const entry = this.deps.history.get(buildId);
    if (entry.result !== 'succeeded') {
      throw new AppError('CONFLICT', 'Only a build that succeeded can be rebuilt and compared.', {
        hint: 'Fix the build first; once it succeeds, use Rebuild and compare.',
      });
    }
    if (!entry.request) {
      throw new AppError(
        'CONFLICT',
        'This build was recorded without its settings, so it cannot be run again.',
        {
          hint: 'Build it again from the Build page, then use Rebuild and compare.',
        },
      );
    }
    if (this.running.has(buildId)) {
      throw new AppError('CONFLICT', 'This build is already being rebuilt and compared.', {
        hint: 'Follow it in the task centre, or cancel it there.',
      });
    }
    const planned = reproduciblePlan(this.deps.plan(entry.request));
    const { id, result } = this.deps.tasks.start(
      { kind: 'build.compare', title: `Rebuild and compare ${entry.destinations[0] ?? ''}`, page: 'history' },
      (task) => this.run(entry, planned, task),
    );
    this.running.set(buildId, id);
    void result.then(
      () => this.running.delete(buildId),
      () => this.running.delete(buildId),
    );
    return { taskId: id, result };
  }

  private async run(
    entry: HistoryEntry,
    planned: PlannedBuild,
    task: TaskHandle,
  ): Promise<ReproducibilityReport> {
    const images: BuiltImage[] = [];
    try {
      for (const round of [0, 1]) {
        task.log(`Rebuild ${round + 1} of 2, with --reproducible`);
        const exec = new BuildExecution(entry.buildId, planned, roundHandle(task, round), {
          engine: this.deps.engine,
          credentials: this.deps.credentials,
          installId: this.deps.installId,
          // Every line reaches the task's log; the history keeps the report, not the rebuilds' logs.
          log: { append: () => undefined },
          onStages: () => undefined,
          collect: async (container) => {
            images.push(await readBuiltImage(container, task.signal, this.deps.tmpRoot));
          },
        });
        try {
          await exec.run();
        } catch (err) {
          exec.end(false);
          throw err;
        }
        task.log(`Rebuild ${round + 1} of 2: ${images[round]?.digest ?? '(no digest)'}`);
      }
      const [a, b] = images as [BuiltImage, BuiltImage];
      task.progress(2 * BUILD_SHARE, 'Comparing the two images');
      const report = await compareBuiltImages(a, b, {
        executorImage: planned.plan.executorImage,
        now: this.deps.now(),
        signal: task.signal,
        onLayer: (i, n) => task.log(`Layer ${i + 1} of ${n} differs: comparing its files`),
      });
      if (task.signal.aborted) throw new AppError('CANCELLED', 'The comparison was cancelled.');
      task.log(summary(report));
      this.deps.history.update(entry.buildId, { comparison: report });
      this.deps.compared({ buildId: entry.buildId, report });
      return report;
    } finally {
      await Promise.all(images.map((i) => i.dispose()));
    }
  }
}

/** One rebuild's view of the task: its progress is a share of the whole, its steps say which rebuild. */
function roundHandle(task: TaskHandle, round: number): TaskHandle {
  const base = round * BUILD_SHARE;
  return {
    id: task.id,
    signal: task.signal,
    write: (chunk) => task.write(chunk),
    log: (...lines) => task.log(...lines),
    setCancellable: (cancellable) => task.setCancellable(cancellable),
    progress: (fraction, step) =>
      task.progress(
        base + (fraction ?? 0) * BUILD_SHARE,
        step === undefined || step === null ? step : `Rebuild ${round + 1} of 2: ${step}`,
      ),
  };
}

function summary(r: ReproducibilityReport): string {
  if (r.reproducible) return `Reproducible: both rebuilds are ${r.digestA}.`;
  const differing = r.layers.filter((l) => !l.same).map((l) => l.index + 1);
  return `Not reproducible: ${r.digestA} and ${r.digestB} differ (layer ${differing.join(', ') || 'none'}; config: ${r.configDifferences.join(', ') || 'same'}).`;
}
