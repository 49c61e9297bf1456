import { describe, expect, it } from 'vitest';
import type { DockerfileStage } from '../../../electron/shared/contract/build';
import { focusRow, mergeStages, stageRows } from '../../../renderer/pages/build/stages/stage-rows';

function stage(index: number, state: DockerfileStage['state'], steps: number, from = 1): DockerfileStage {
  return {
    index,
    name: `s${index}`,
    base: 'busybox',
    state,
    stepCount: steps,
    elapsedMs: null,
    steps: Array.from({ length: steps }, (_, i) => ({
      n: from + i,
      text: `RUN step ${from + i}`,
      state: state === 'active' && i === steps - 1 ? 'active' : 'done',
      cache: null,
      elapsedMs: null,
    })),
  };
}

describe('stage rows', () => {
  it('folds finished stages while building and keeps the active stage open, its active step in focus', () => {
    const stages = [stage(0, 'done', 700), stage(1, 'active', 800, 701), stage(2, 'pending', 0)];
    const rows = stageRows(stages, new Map(), true);
    expect(rows).toHaveLength(3 + 800);
    expect(rows[0]).toMatchObject({ kind: 'stage', expanded: false });
    const focus = rows[focusRow(rows)];
    expect(focus?.kind === 'step' && focus.step.n).toBe(1500);
  });

  it("follows the user's choice to open or fold a stage", () => {
    const stages = [stage(0, 'done', 3), stage(1, 'active', 2, 4)];
    const rows = stageRows(
      stages,
      new Map([
        [0, true],
        [1, false],
      ]),
      true,
    );
    expect(rows.map((r) => r.kind)).toEqual(['stage', 'step', 'step', 'step', 'stage']);
  });

  it('shows every finished stage open once the build is over, and the failed step in focus', () => {
    const failed = stage(1, 'failed', 2, 4);
    const last = failed.steps[1];
    if (last) last.state = 'failed';
    const rows = stageRows([stage(0, 'done', 3), failed], new Map(), false);
    expect(rows).toHaveLength(2 + 5);
    const focus = rows[focusRow(rows)];
    expect(focus?.kind === 'step' && focus.step.n).toBe(5);
  });
});

describe('merging stage snapshots', () => {
  it('keeps the steps below stepsFrom and takes the rest from the new snapshot', () => {
    const held = [stage(0, 'active', 5)];
    const next = [{ ...stage(0, 'active', 2, 5), stepCount: 9 }];
    const merged = mergeStages(held, next, 5);
    expect(merged[0]?.steps.map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(merged[0]?.stepCount).toBe(9);
    expect(mergeStages(held, [stage(0, 'done', 1)], 1)[0]?.steps).toHaveLength(1);
  });
});
