import type { BuildStep, DockerfileStage } from '../../../../electron/shared/contract/build';

/**
 * The stage list as rows: a header per Dockerfile stage, then its steps while it is expanded. One flat
 * list so a single virtualised scroller draws only what is visible (a 1,500-step file stays light).
 */
export type StageRow =
  | { kind: 'stage'; key: string; stage: DockerfileStage; expanded: boolean; of: number }
  | { kind: 'step'; key: string; step: BuildStep; stageIndex: number };

/** Expanded unless the user said otherwise: the active or failed stage, and any stage while nothing runs. */
export function isExpanded(
  stage: DockerfileStage,
  choices: ReadonlyMap<number, boolean>,
  running: boolean,
): boolean {
  const chosen = choices.get(stage.index);
  if (chosen !== undefined) return chosen;
  if (stage.state === 'active' || stage.state === 'failed') return true;
  // While building, finished stages fold away so the active one stays in view; afterwards a
  // single-stage build shows its steps.
  return !running && stage.state !== 'pending';
}

export function stageRows(
  stages: readonly DockerfileStage[],
  choices: ReadonlyMap<number, boolean>,
  running: boolean,
): StageRow[] {
  const rows: StageRow[] = [];
  for (const stage of stages) {
    const expanded = isExpanded(stage, choices, running);
    rows.push({ kind: 'stage', key: `s${stage.index}`, stage, expanded, of: stages.length });
    if (!expanded) continue;
    for (const step of stage.steps)
      rows.push({ kind: 'step', key: `t${step.n}`, step, stageIndex: stage.index });
  }
  return rows;
}

/** The row to keep in view: the active step, else the failed one, else the active stage's header. */
export function focusRow(rows: readonly StageRow[]): number {
  const active = rows.findIndex((r) => r.kind === 'step' && r.step.state === 'active');
  if (active >= 0) return active;
  const failed = rows.findIndex((r) => r.kind === 'step' && r.step.state === 'failed');
  if (failed >= 0) return failed;
  return rows.findIndex((r) => r.kind === 'stage' && r.stage.state === 'active');
}

export function formatElapsed(ms: number | null): string {
  if (ms === null) return '';
  return ms < 1000
    ? `${ms} ms`
    : ms < 60_000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function stageTitle(stage: DockerfileStage, of: number): string {
  const name = stage.name ? ` '${stage.name}'` : '';
  return `Stage ${stage.index + 1} of ${of}${name}${stage.base ? ` from ${stage.base}` : ''}`;
}

export const CACHE_TEXT: Record<NonNullable<BuildStep['cache']>, string> = {
  hit: 'cached',
  miss: 'built',
  'not-cacheable': 'not cached',
};

/** Applies a snapshot whose steps start at `stepsFrom` (earlier steps unchanged) to the list held so far. */
export function mergeStages(
  held: readonly DockerfileStage[],
  next: readonly DockerfileStage[],
  stepsFrom: number,
): DockerfileStage[] {
  if (stepsFrom <= 1) return [...next];
  return next.map((stage) => {
    const before = held.find((h) => h.index === stage.index)?.steps.filter((s) => s.n < stepsFrom) ?? [];
    return before.length ? { ...stage, steps: [...before, ...stage.steps] } : stage;
  });
}
