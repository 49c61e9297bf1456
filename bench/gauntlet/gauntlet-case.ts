/**
 * The reliability gauntlet's shared shape: a case injects one kind of fault into real builds, several
 * times, each run with its own seed, and reports whether the app behaved (clear error or success, nothing
 * lost), what it left behind (containers, volumes, dangling images, tasks still running, temp folders) and
 * how long the user waited for the error. `npm run gauntlet` runs every case with its full run count;
 * `npm test` runs the reduced counts (test/integration/gauntlet/).
 */

/** One run of a case. `leftBehind` names each leftover ("container kd-build-…", "task build-3 running"). */
export interface CaseRun {
  passed: boolean;
  leftBehind: string[];
  /** From the fault to the error the user sees; null when the run ends without an error (e.g. a resume). */
  timeToErrorMs: number | null;
  /** One line: what happened, for the table's log and for a failing test's message. */
  detail: string;
}

export interface GauntletCase {
  /** Short, stable, kebab-case: the row's name in the table ("engine-killed-during-push"). */
  name: string;
  /** What the case does, one sentence (printed under the table). */
  description: string;
  /** Runs for `npm run gauntlet`. */
  fullRuns: number;
  /** Runs inside `npm test` (the whole reduced set stays under ~3 minutes). 0 = only by hand. */
  reducedRuns: number;
  run(ctx: RunContext): Promise<CaseRun>;
}

export interface RunContext {
  seed: number;
  /** 0-based index of this run within the case. */
  index: number;
  /** Deterministic in [0, 1) from the seed: use it for every random choice so a seed replays a run. */
  random: () => number;
  log: (line: string) => void;
}

export interface CaseSummary {
  name: string;
  description: string;
  seed: number;
  runs: number;
  passed: number;
  leftBehind: string[];
  worstTimeToErrorMs: number | null;
  failures: string[];
}

/** mulberry32: small, fast, good enough to replay a run from its printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a whole gauntlet run: GAUNTLET_SEED when set (to replay), else a fresh one. */
export function gauntletSeed(): number {
  const fromEnv = Number(process.env.GAUNTLET_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
}

/** Runs one case `runs` times; run i gets seed `seed + i`, printed with every failure so it can be replayed. */
export async function runCase(c: GauntletCase, runs: number, seed: number): Promise<CaseSummary> {
  const summary: CaseSummary = {
    name: c.name,
    description: c.description,
    seed,
    runs,
    passed: 0,
    leftBehind: [],
    worstTimeToErrorMs: null,
    failures: [],
  };
  for (let index = 0; index < runs; index++) {
    const runSeed = seed + index;
    const lines: string[] = [];
    let result: CaseRun;
    try {
      result = await c.run({
        seed: runSeed,
        index,
        random: seededRandom(runSeed),
        log: (line) => lines.push(line),
      });
    } catch (err) {
      result = { passed: false, leftBehind: [], timeToErrorMs: null, detail: `threw: ${String(err)}` };
    }
    if (result.passed && result.leftBehind.length === 0) summary.passed++;
    else
      summary.failures.push(
        `seed ${runSeed}: ${result.detail}${lines.length ? ` [${lines.join(' | ')}]` : ''}`,
      );
    summary.leftBehind.push(...result.leftBehind);
    if (result.timeToErrorMs !== null) {
      summary.worstTimeToErrorMs = Math.max(summary.worstTimeToErrorMs ?? 0, result.timeToErrorMs);
    }
  }
  return summary;
}

/** The table written by `npm run gauntlet` and copied into bench/README.md. */
export function formatTable(rows: CaseSummary[]): string {
  const head =
    '| Case | Runs | Passed | Left behind | Worst time to error | Seed |\n| --- | --- | --- | --- | --- | --- |';
  const body = rows.map((r) => {
    const left =
      r.leftBehind.length === 0
        ? '0'
        : `${r.leftBehind.length}: ${[...new Set(r.leftBehind)].slice(0, 3).join(', ')}`;
    const worst = r.worstTimeToErrorMs === null ? '–' : `${(r.worstTimeToErrorMs / 1000).toFixed(1)} s`;
    return `| ${r.name} | ${r.runs} | ${r.passed} | ${left} | ${worst} | ${r.seed} |`;
  });
  return [head, ...body].join('\n');
}
