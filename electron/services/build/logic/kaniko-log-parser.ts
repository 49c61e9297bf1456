import { classifyFailure, failureRank, type KanikoFailure } from './kaniko-failures';
import { parseKanikoLine, type LogFormat, type LogLevel } from './kaniko-line';

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
  | KanikoFailure;

export interface KanikoParserOptions {
  /** From analyzeDockerfile().instructionCount; 0 or absent = unknown (progress still moves). */
  instructionCount?: number;
  /** How many `Pushed …` lines mean the build is done (one per --destination). Default 1. */
  destinationCount?: number;
}

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
}

const INSTRUCTION_RE =
  /^(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)(?:\s|$)/;
const PUSHED_RE = /^Pushed (\S+?)@(sha256:[a-f0-9]{64})\b/;

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
  };
  private lastRun: string | null = null;

  constructor(opts: KanikoParserOptions = {}) {
    this.instructionCount = Math.max(0, opts.instructionCount ?? 0);
    this.destinationCount = Math.max(1, opts.destinationCount ?? 1);
  }

  get state(): Readonly<KanikoParseState> {
    return this.st;
  }

  /** One complete line (no trailing newline). The first event is always the display line. */
  feed(rawLine: string, stream: OutputStream = 'stderr'): KanikoLogEvent[] {
    const parsed = parseKanikoLine(rawLine);
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
    if (failure) {
      events.push(failure);
      this.st.failures.push(failure);
      if (!this.st.failure || failureRank(failure.code) < failureRank(this.st.failure.code)) {
        this.st.failure = failure;
      }
    }
    return events;
  }

  private track(msg: string, events: KanikoLogEvent[]): void {
    if (this.st.done) return;
    if (/^Retrieving image |^Returning cached image manifest|^Downloading base image/.test(msg)) {
      this.enter('pull', 'Pulling base image', AT_PULL, events);
    } else if (/^Unpacking rootfs|^Skipping unpacking|^Unpacking filesystem/.test(msg)) {
      this.enter('unpack', 'Unpacking base image', AT_UNPACK, events);
    } else if (INSTRUCTION_RE.test(msg)) {
      const index = ++this.st.instructionsSeen;
      if (msg.startsWith('RUN')) this.lastRun = msg;
      const n = this.instructionCount;
      const ratio = n > 0 ? Math.min(1, (index - 1) / n) : 1 - 1 / index;
      const label = n > 0 ? `Step ${Math.min(index, n)}/${n}: ${msg}` : `Step ${index}: ${msg}`;
      this.st.stage = 'instruction';
      events.push({ kind: 'stage', stage: 'instruction', label, instruction: { index, text: msg } });
      this.advance(INSTR_START + INSTR_SPAN * ratio, label, events);
    } else if (/^Taking snapshot/.test(msg)) {
      this.enter('snapshot', 'Taking snapshot', this.st.progress, events);
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
