import type { BuildFailure, DockerfileStage } from '../../../shared/contract/build';
import { classifyFailure, failureRank, type KanikoFailure } from './kaniko-failures';
import { parseKanikoLine, stripAnsi, type LogFormat, type LogLevel } from './kaniko-line';
import { StageModel, type PlannedStage } from './kaniko-stages';

export { classifyFailure, type FailureCode, type KanikoFailure } from './kaniko-failures';
export { parseKanikoLine, stripAnsi, type LogFormat, type LogLevel, type ParsedLine } from './kaniko-line';

/**
 * Stateful reader of executor output: feed it complete lines (stdout and stderr interleaved as they
 * arrive), get back a display line plus stage, progress, push and failure events.
 *
 * Messages recognised (kaniko and the osscontainertools fork; a stand-in executor should print these):
 *   pull        `Retrieving image manifest nginx`, `Retrieving image nginx from registry …`
 *   unpack      `Unpacking rootfs as cmd COPY … requires it.`, `Skipping unpacking as no commands require it.`
 *   instruction every Dockerfile instruction echoed as written (`COPY index.html /usr/share/nginx/html/`)
 *   snapshot    `Taking snapshot of full filesystem...`, `Taking snapshot of files...`
 *   push        `Pushing image to docker.io/alice/app:latest`
 *   done        `Pushed index.docker.io/alice/app@sha256:<hex>` (once per destination), or for local
 *               builds `Skipping push to container registry due to --no-push flag` (tar already written)
 *   stages      `Building stage '<base>' [idx: 'N', base-idx: 'M']`, cache lines (see kaniko-stages)
 *   base cache  `Found sha256:<hex> in local cache` (a base image read from --cache-dir)
 * The cause of a failure is decided by the line that ended the build (fatal level, or kaniko's
 * top-level error on stderr), not by whichever error-level line came first.
 */

export type BuildStage = 'pull' | 'unpack' | 'instruction' | 'snapshot' | 'push' | 'done';
export type OutputStream = 'stdout' | 'stderr';

export interface DisplayLine {
  text: string;
  level: LogLevel;
  format: LogFormat;
  stream: OutputStream;
}

export type KanikoLogEvent =
  | { kind: 'line'; line: DisplayLine; message: string }
  | {
      kind: 'stage';
      stage: BuildStage;
      label: string;
      /** For 'instruction': 1-based position among echoed instructions, and the text. */
      instruction?: { index: number; text: string };
      /** For 'done' after a push. */
      digest?: string | null;
    }
  | { kind: 'progress'; fraction: number; label: string }
  | { kind: 'pushed'; ref: string; digest: string }
  /** The Dockerfile stage model changed in a way no 'stage' event shows (a stage began, a cache hit). */
  | { kind: 'stages' }
  | KanikoFailure;

export interface KanikoParserOptions {
  /** From analyzeDockerfile().instructionCount; 0 or absent = unknown (progress still moves). */
  instructionCount?: number;
  /** How many `Pushed …` lines mean the build is done (one per --destination). Default 1. */
  destinationCount?: number;
  /** The Dockerfile's stages (names are not in kaniko's log). */
  stages?: PlannedStage[];
  /** Whether the build runs with --cache (unknown: the log's cache lines tell). */
  cache?: boolean;
  /** Clock for elapsed times; null when reading a stored log again. */
  now?: (() => number) | null;
  /** Also read the app's own display form (`INFO  msg`): for logs the app stored. */
  ownDisplay?: boolean;
}

/** How many lines before the failure its report carries. */
const LAST_LINES = 12;

export interface KanikoParseState {
  stage: BuildStage | null;
  /** 0..1, never decreasing; 1 only when done. */
  progress: number;
  instructionsSeen: number;
  pushed: { ref: string; digest: string }[];
  /** Digest of the pushed image (first `Pushed` line), null for local builds. */
  digest: string | null;
  done: boolean;
  /** Most useful failure seen: a specific cause beats "a step failed", which beats unknown. */
  failure: KanikoFailure | null;
  failures: KanikoFailure[];
  /** Digests of the base images the executor read from --cache-dir (`Found sha256:… in local cache`). */
  baseImagesFromCache: string[];
}

const INSTRUCTION_RE =
  /^(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)(?:\s|$)/;
const LOCAL_CACHE_RE = /^Found (sha256:[a-f0-9]{64}) in local cache/;
const PUSHED_RE = /^Pushed (\S+?)@(sha256:[a-f0-9]{64})\b/;
/** A layer going to the cache repository: its push lines are the cache's, not the image's. */
const CACHE_PUSH_RE = /^Pushing layer (\S+):[\w.-]+ to cache now/;

// Where each phase sits on the bar; instructions share the span between unpack and push.
const AT_PULL = 0.03;
const AT_UNPACK = 0.08;
const INSTR_START = 0.1;
const INSTR_SPAN = 0.75;
const AT_PUSH = 0.88;

export class KanikoLogParser {
  private readonly instructionCount: number;
  private readonly destinationCount: number;
  private readonly st: KanikoParseState = {
    stage: null,
    progress: 0,
    instructionsSeen: 0,
    pushed: [],
    digest: null,
    done: false,
    failure: null,
    failures: [],
    baseImagesFromCache: [],
  };
  private lastRun: string | null = null;
  /** Cache repositories layers went to (`Pushing image to` / `Pushed` lines for them are not the image). */
  private readonly cacheRepos = new Set<string>();
  readonly model: StageModel;
  private readonly ownDisplay: boolean;
  /** The last display lines (ANSI-free), for the failure report. */
  private readonly recent: string[] = [];
  /** The line that ended the build, once seen. */
  private terminal: BuildFailure | null = null;
  private best: BuildFailure | null = null;
  private bestRank = Number.POSITIVE_INFINITY;

  constructor(opts: KanikoParserOptions = {}) {
    this.instructionCount = Math.max(0, opts.instructionCount ?? 0);
    this.destinationCount = Math.max(1, opts.destinationCount ?? 1);
    this.model = new StageModel({
      ...(opts.stages ? { planned: opts.stages } : {}),
      ...(opts.cache !== undefined ? { cache: opts.cache } : {}),
      ...(opts.now !== undefined ? { now: opts.now } : {}),
    });
    this.ownDisplay = opts.ownDisplay ?? false;
  }

  get state(): Readonly<KanikoParseState> {
    return this.st;
  }

  /**
   * The failure as the user should read it: the terminal line's cause when there was one (a RUN
   * failure also names a more specific cause its own output showed), else the most useful seen.
   */
  get report(): BuildFailure | null {
    return this.terminal ?? this.best;
  }

  /** One complete line (no trailing newline). The first event is always the display line. */
  feed(rawLine: string, stream: OutputStream = 'stderr'): KanikoLogEvent[] {
    const parsed = parseKanikoLine(rawLine, { ownDisplay: this.ownDisplay });
    const events: KanikoLogEvent[] = [
      {
        kind: 'line',
        line: { text: parsed.display, level: parsed.level, format: parsed.format, stream },
        message: parsed.message,
      },
    ];
    // Raw lines are RUN output: they can explain a failure but never move the build along.
    if (parsed.level !== 'output') this.track(parsed.message.trim(), events);
    const failure = classifyFailure(parsed.message, parsed.level, { lastRun: this.lastRun });
    if (failure) this.record(failure, events);
    this.recent.push(stripAnsi(parsed.display));
    if (this.recent.length > LAST_LINES) this.recent.shift();
    return events;
  }

  private record(found: KanikoFailure, events: KanikoLogEvent[]): void {
    let failure = found;
    events.push(failure);
    this.st.failures.push(failure);
    const step = this.model.activeStep;
    const stage = this.model.activeStage;
    const report: BuildFailure = {
      code: failure.code,
      explanation: failure.explanation,
      fix: failure.fix,
      step: step
        ? { stageIndex: stage?.index ?? null, stageName: stage?.name ?? null, n: step.n, text: step.text }
        : null,
      exitStatus: failure.exitStatus ?? null,
      lastLines: [...this.recent],
    };
    // After a pull through --registry-map fails, Kaniko falls back to the registry's own loopback address,
    // which inside the container is the container itself: that last error hides the real cause.
    const remapped = this.st.failures.find((f) => f !== failure && /from remapped registry/.test(f.line));
    if (failure.terminal && failure.code === 'unknown' && remapped && failureRank(remapped.code) === 0) {
      Object.assign(report, { code: remapped.code, explanation: remapped.explanation, fix: remapped.fix });
      failure = { ...remapped, terminal: true };
    }
    // The last terminal line wins: a RUN step may print 'Error: …' itself before kaniko's own last word.
    if (failure.terminal) {
      // A RUN step that failed because of, say, a missing capability: keep that cause in the words.
      const specific = this.st.failures.find(
        (f) =>
          f !== failure && failureRank(f.code) === 0 && f.code !== 'auth' && f.code !== 'push-permission',
      );
      if (failure.code === 'run-failed' && specific && specific.code !== 'unknown') {
        report.fix = `${specific.explanation} ${specific.fix}`;
      }
      this.terminal = report;
      this.st.failure = failure;
    } else if (!this.terminal && failureRank(failure.code) <= this.bestRank) {
      // Same usefulness: the later line is the nearer one to the end of the build.
      this.best = report;
      this.bestRank = failureRank(failure.code);
      this.st.failure = failure;
    }
  }

  private track(msg: string, events: KanikoLogEvent[]): void {
    if (this.st.done) return;
    if (this.model.onMessage(msg)) events.push({ kind: 'stages' });
    // Kaniko reads a stage's base more than once (its config, then its layers): count each image once.
    const cached = LOCAL_CACHE_RE.exec(msg)?.[1];
    if (cached && !this.st.baseImagesFromCache.includes(cached)) this.st.baseImagesFromCache.push(cached);
    if (/^Retrieving image |^Returning cached image manifest|^Downloading base image/.test(msg)) {
      this.enter('pull', 'Pulling base image', AT_PULL, events);
    } else if (/^Unpacking rootfs|^Skipping unpacking|^Unpacking filesystem/.test(msg)) {
      this.enter('unpack', 'Unpacking base image', AT_UNPACK, events);
    } else if (INSTRUCTION_RE.test(msg)) {
      const index = ++this.st.instructionsSeen;
      if (msg.startsWith('RUN')) this.lastRun = msg;
      this.model.onInstruction(msg);
      const n = this.instructionCount;
      const ratio = n > 0 ? Math.min(1, (index - 1) / n) : 1 - 1 / index;
      const stage = this.model.activeStage;
      const where =
        stage && this.model.stageCount > 1
          ? ` (stage ${stage.index + 1} of ${this.model.stageCount}${stage.name ? `, '${stage.name}'` : ''})`
          : '';
      const label = (n > 0 ? `Step ${Math.min(index, n)}/${n}: ${msg}` : `Step ${index}: ${msg}`) + where;
      this.st.stage = 'instruction';
      events.push({ kind: 'stage', stage: 'instruction', label, instruction: { index, text: msg } });
      this.advance(INSTR_START + INSTR_SPAN * ratio, label, events);
    } else if (/^Taking snapshot/.test(msg)) {
      this.enter('snapshot', 'Taking snapshot', this.st.progress, events);
    } else if (CACHE_PUSH_RE.test(msg)) {
      this.cacheRepos.add(CACHE_PUSH_RE.exec(msg)?.[1] ?? '');
    } else if (this.isCachePush(msg)) {
      // Kaniko pushes each cached layer as an image of its own: neither the push stage nor a digest.
    } else if (/^Pushing image to /.test(msg)) {
      this.enter('push', `Pushing ${msg.slice('Pushing image to '.length)}`, AT_PUSH, events);
    } else if (PUSHED_RE.test(msg)) {
      const [, ref = '', digest = ''] = PUSHED_RE.exec(msg) ?? [];
      this.st.pushed.push({ ref, digest });
      this.st.digest ??= digest;
      events.push({ kind: 'pushed', ref, digest });
      if (this.st.pushed.length >= this.destinationCount) this.finish(this.st.digest, events);
    } else if (/^Skipping push to container registry due to --no-push/.test(msg)) {
      this.finish(null, events);
    }
  }

  private isCachePush(msg: string): boolean {
    const ref = /^Pushing image to (\S+)/.exec(msg)?.[1] ?? PUSHED_RE.exec(msg)?.[1];
    return ref !== undefined && this.cacheRepos.has(ref.replace(/:[\w.-]+$/, ''));
  }

  private enter(stage: BuildStage, label: string, at: number, events: KanikoLogEvent[]): void {
    if (this.st.stage !== stage) {
      this.st.stage = stage;
      events.push({ kind: 'stage', stage, label });
    }
    this.advance(at, label, events);
  }

  private finish(digest: string | null, events: KanikoLogEvent[]): void {
    this.st.done = true;
    this.st.stage = 'done';
    events.push({ kind: 'stage', stage: 'done', label: 'Image built', digest });
    this.advance(1, 'Image built', events);
  }

  private advance(fraction: number, label: string, events: KanikoLogEvent[]): void {
    const capped = this.st.done ? fraction : Math.min(fraction, 0.99);
    if (capped <= this.st.progress) return;
    this.st.progress = capped;
    events.push({ kind: 'progress', fraction: capped, label });
  }
}

export function createKanikoLogParser(opts: KanikoParserOptions = {}): KanikoLogParser {
  return new KanikoLogParser(opts);
}

/** The Dockerfile stages of a build, read again from the log the app stored (no timings in it). */
export function stagesFromStoredLog(lines: readonly string[]): DockerfileStage[] {
  const parser = new KanikoLogParser({ ownDisplay: true, now: null });
  for (const line of lines) parser.feed(line);
  parser.model.finish(parser.state.done || parser.report === null);
  return parser.model.snapshot();
}
