import type { BuildStep, DockerfileStage, StepCache } from '../../../shared/contract/build';

/**
 * Kaniko's Dockerfile stages and their steps, from its log: `Building stage '<base>' [idx: 'N',
 * base-idx: 'M']` opens a stage, each echoed instruction is a step, and the layer-cache lines say
 * which steps came from the cache. Stage names are not in the log: they come from the Dockerfile.
 */

export interface PlannedStage {
  index: number;
  name: string | null;
  /** The FROM image as written (may hold ${ARG}); kaniko's resolved name replaces it when it builds. */
  base: string;
  stepCount: number;
}

export interface StageModelOptions {
  /** Stages from the Dockerfile analysis, shown as pending before kaniko reaches them. */
  planned?: PlannedStage[];
  /** Whether --cache is on; when unknown, the first cache line in the log turns it on. */
  cache?: boolean;
  /** Clock for elapsed times; null (a log read again later) leaves them unknown. */
  now?: (() => number) | null;
}

const BUILDING_STAGE_RE = /^Building stage '([^']*)' \[idx: '(\d+)', base-idx: '(-?\d+)'\]/;
const CACHE_HIT_RE = /^Using caching version of cmd: (.+)$/;
const CACHE_MISS_RE = /^No cached layer found for cmd (.+)$/;
const CACHE_CHECK_RE = /^Checking for cached layer /;
const FOUND_CACHED_RE = /^Found cached layer, extracting to filesystem/;

interface LiveStep extends BuildStep {
  startedAt: number | null;
}
interface LiveStage extends Omit<DockerfileStage, 'steps'> {
  steps: LiveStep[];
  startedAt: number | null;
}

export class StageModel {
  private readonly stages: LiveStage[];
  private current: LiveStage | null = null;
  private step: LiveStep | null = null;
  private stepTotal = 0;
  private cacheOn: boolean | null;
  /** Cache lookups of the stage being built: command text → result (kaniko looks up before running). */
  private readonly lookups = new Map<string, StepCache>();
  private readonly now: (() => number) | null;

  constructor(opts: StageModelOptions = {}) {
    this.now = opts.now === undefined ? Date.now : opts.now;
    this.cacheOn = opts.cache ?? null;
    this.stages = (opts.planned ?? []).map((p) => ({
      index: p.index,
      name: p.name,
      base: p.base,
      state: 'pending',
      stepCount: p.stepCount,
      steps: [],
      elapsedMs: null,
      startedAt: null,
    }));
  }

  get activeStep(): Readonly<BuildStep> | null {
    return this.step;
  }

  get activeStage(): Readonly<Omit<DockerfileStage, 'steps'>> | null {
    return this.current;
  }

  get stageCount(): number {
    return this.stages.length;
  }

  /** A logrus message; returns true when the model changed. */
  onMessage(msg: string): boolean {
    const stage = BUILDING_STAGE_RE.exec(msg);
    if (stage) {
      this.enterStage(Number(stage[2]), stage[1] ?? '', Number(stage[3]));
      return true;
    }
    const hit = CACHE_HIT_RE.exec(msg) ?? CACHE_MISS_RE.exec(msg);
    if (hit) {
      this.cacheOn ??= true;
      this.lookups.set(hit[1]?.trim() ?? '', msg.startsWith('Using') ? 'hit' : 'miss');
      return false;
    }
    if (CACHE_CHECK_RE.test(msg)) {
      this.cacheOn ??= true;
      return false;
    }
    if (FOUND_CACHED_RE.test(msg) && this.step) {
      this.step.cache = 'hit';
      return true;
    }
    return false;
  }

  /** An echoed instruction: the next step of the current stage. */
  onInstruction(text: string): BuildStep {
    const stage =
      this.current ?? this.enterStage(this.stages.find((s) => s.state === 'pending')?.index ?? 0, '', -1);
    this.closeStep('done');
    const keyword = text.split(/\s/, 1)[0] ?? '';
    const looked = this.lookups.get(text);
    const cache: StepCache | null =
      looked ?? (this.cacheOn ? (keyword === 'RUN' ? 'miss' : 'not-cacheable') : null);
    const step: LiveStep = {
      n: ++this.stepTotal,
      text,
      state: 'active',
      cache,
      elapsedMs: null,
      startedAt: this.now?.() ?? null,
    };
    stage.steps.push(step);
    this.step = step;
    return step;
  }

  /** The build ended: the active step and stage become done (ok) or failed. */
  finish(ok: boolean): void {
    this.closeStep(ok ? 'done' : 'failed');
    this.closeStage(ok ? 'done' : 'failed');
  }

  /** The step numbered from here on may still change; every earlier one is final. */
  get firstOpenStep(): number {
    return this.step?.n ?? this.stepTotal + 1;
  }

  /** Every stage; only the steps numbered `fromStep` and above (1 = all). */
  snapshot(fromStep = 1): DockerfileStage[] {
    const now = this.now?.() ?? null;
    return this.stages.map(({ startedAt, steps, ...s }) => ({
      ...s,
      elapsedMs: s.state === 'active' && startedAt !== null && now !== null ? now - startedAt : s.elapsedMs,
      steps: (fromStep > 1 ? steps.filter((x) => x.n >= fromStep) : steps).map(
        ({ startedAt: _ignored, ...step }) => step,
      ),
    }));
  }

  private enterStage(index: number, base: string, baseIndex: number): LiveStage {
    this.closeStep('done');
    this.closeStage('done');
    this.lookups.clear();
    let stage = this.stages.find((s) => s.index === index);
    if (!stage) {
      stage = {
        index,
        name: null,
        base: '',
        state: 'pending',
        stepCount: 0,
        steps: [],
        elapsedMs: null,
        startedAt: null,
      };
      this.stages.push(stage);
      this.stages.sort((a, b) => a.index - b.index);
    }
    const parent = baseIndex >= 0 ? this.stages.find((s) => s.index === baseIndex) : undefined;
    if (parent) stage.base = parent.name ?? `stage ${parent.index}`;
    else if (base) stage.base = base;
    stage.state = 'active';
    stage.startedAt = this.now?.() ?? null;
    this.current = stage;
    return stage;
  }

  private closeStep(state: 'done' | 'failed'): void {
    const step = this.step;
    if (!step) return;
    step.state = state;
    const now = this.now?.() ?? null;
    if (step.startedAt !== null && now !== null) step.elapsedMs = now - step.startedAt;
    this.step = null;
  }

  private closeStage(state: 'done' | 'failed'): void {
    const stage = this.current;
    if (!stage) return;
    stage.state = state;
    const now = this.now?.() ?? null;
    if (stage.startedAt !== null && now !== null) stage.elapsedMs = now - stage.startedAt;
    this.current = null;
  }
}
