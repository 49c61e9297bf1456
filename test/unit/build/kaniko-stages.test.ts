import { describe, expect, it } from 'vitest';
import {
  createKanikoLogParser,
  stagesFromStoredLog,
  type KanikoParserOptions,
} from '../../../electron/services/build/logic/kaniko-log-parser';

// Messages worded as kaniko v1.24 logs them (pkg/executor/build.go, pkg/cache/cache.go, pkg/commands).
const MULTI = [
  'Retrieving image manifest 127.0.0.1:5000/kd-busybox:latest',
  'Built cross stage deps: map[0:[/out/app]]',
  "Building stage '127.0.0.1:5000/kd-busybox:latest' [idx: '0', base-idx: '-1']",
  'Unpacking rootfs as cmd RUN mkdir -p /out && echo built > /out/app requires it.',
  'RUN mkdir -p /out && echo built > /out/app',
  'Taking snapshot of full filesystem...',
  'Saving file out/app for later use',
  'Deleting filesystem...',
  "Building stage 'build' [idx: '1', base-idx: '0']",
  'COPY --from=build /out/app /app',
  'RUN test -s /app',
  "Building stage '127.0.0.1:5000/kd-busybox:latest' [idx: '2', base-idx: '-1']",
  'COPY --from=build /out/app /www/app',
  'Skipping push to container registry due to --no-push flag',
];
const PLANNED: KanikoParserOptions['stages'] = [
  { index: 0, name: 'build', base: '${BASE}', stepCount: 1 },
  { index: 1, name: 'test', base: 'build', stepCount: 2 },
  { index: 2, name: null, base: '${BASE}', stepCount: 1 },
];

const json = (level: string, msg: string) => JSON.stringify({ level, msg, time: '2026-01-01T00:00:00Z' });
const text = (level: string, msg: string) =>
  `time="2026-01-01T00:00:00Z" level=${level} msg=${JSON.stringify(msg)}`;
const color = (msg: string) => `\x1b[36mINFO\x1b[0m[0002] ${msg}`;

function run(lines: string[], opts: KanikoParserOptions = {}) {
  let t = 0;
  const parser = createKanikoLogParser({ now: () => (t += 1000), ...opts });
  for (const l of lines) parser.feed(l);
  return parser;
}

describe('stage model', () => {
  it('groups steps under their stage with names from the Dockerfile and the base kaniko resolved', () => {
    const p = run(
      MULTI.map((m) => json('info', m)),
      { stages: PLANNED },
    );
    p.model.finish(true);
    const stages = p.model.snapshot();
    expect(stages.map((s) => [s.index, s.name, s.base, s.state, s.steps.map((x) => x.text)])).toEqual([
      [
        0,
        'build',
        '127.0.0.1:5000/kd-busybox:latest',
        'done',
        ['RUN mkdir -p /out && echo built > /out/app'],
      ],
      [1, 'test', 'build', 'done', ['COPY --from=build /out/app /app', 'RUN test -s /app']],
      [2, null, '127.0.0.1:5000/kd-busybox:latest', 'done', ['COPY --from=build /out/app /www/app']],
    ]);
    expect(stages.flatMap((s) => s.steps.map((x) => x.n))).toEqual([1, 2, 3, 4]);
    expect(stages.every((s) => (s.elapsedMs ?? 0) > 0)).toBe(true);
    expect(stages[1]?.steps.every((x) => x.elapsedMs !== null && x.cache === null)).toBe(true);
  });

  it('shows stages not reached yet as pending, and says which stage a step belongs to', () => {
    const p = createKanikoLogParser({ stages: PLANNED, instructionCount: 4 });
    const events = MULTI.slice(0, 5).flatMap((m) => p.feed(json('info', m)));
    expect(p.model.snapshot().map((s) => s.state)).toEqual(['active', 'pending', 'pending']);
    const label = events.find((e) => e.kind === 'stage' && e.stage === 'instruction');
    expect(label && 'label' in label && label.label).toBe(
      "Step 1/4: RUN mkdir -p /out && echo built > /out/app (stage 1 of 3, 'build')",
    );
  });

  it('marks cache hits, misses and steps that are never cached', () => {
    const p = run(
      [
        "Building stage 'busybox' [idx: '0', base-idx: '-1']",
        'Checking for cached layer 127.0.0.1:5000/cache:abc...',
        'Using caching version of cmd: RUN echo layer one > /one',
        'Checking for cached layer 127.0.0.1:5000/cache:def...',
        'No cached layer found for cmd RUN echo layer two > /two',
        'RUN echo layer one > /one',
        'Found cached layer, extracting to filesystem',
        'COPY index.html /www/index.html',
        'RUN echo layer two > /two',
        'RUN echo after the miss',
        'ENV A=1',
      ].map((m) => color(m)),
    );
    const steps = p.model.snapshot()[0]?.steps ?? [];
    expect(steps.map((s) => [s.text.split(' ')[0], s.cache])).toEqual([
      ['RUN', 'hit'],
      ['COPY', 'not-cacheable'],
      ['RUN', 'miss'],
      ['RUN', 'miss'],
      ['ENV', 'not-cacheable'],
    ]);
  });

  it('leaves cache status empty when the build runs without --cache', () => {
    const p = run(["Building stage 'x' [idx: '0', base-idx: '-1']", 'RUN true'].map((m) => text('info', m)));
    expect(p.model.snapshot()[0]?.steps[0]?.cache).toBeNull();
  });

  it('reads the stages again from a log the app stored (display form), without timings', () => {
    const stored = MULTI.map((m) => `INFO  ${m}`);
    const stages = stagesFromStoredLog(stored);
    expect(stages.map((s) => s.steps.length)).toEqual([1, 2, 1]);
    expect(stages.flatMap((s) => s.steps).every((s) => s.state === 'done' && s.elapsedMs === null)).toBe(
      true,
    );
  });
});

describe('the fatal line decides the cause', () => {
  it('ignores an earlier non-fatal error-level line that the build carried on after', () => {
    const p = run([
      json('error', 'Error while retrieving image from cache: unexpected EOF'),
      json('info', "Building stage 'x' [idx: '0', base-idx: '-1']"),
      json('info', 'RUN make'),
      'make: *** [all] Error 2',
      'error building image: error building stage: failed to execute command: waiting for process to exit: exit status 2',
    ]);
    expect(p.report).toMatchObject({ code: 'run-failed', exitStatus: 2, step: { text: 'RUN make', n: 1 } });
    expect(p.report?.explanation).toMatch(/'RUN make' exited with status 2/);
  });

  it('reads a RUN failure in the old text format (level=error msg="exit status N")', () => {
    const p = run([
      text('info', 'RUN false'),
      text('error', 'Error while retrieving image from cache'),
      text('error', 'exit status 1'),
    ]);
    expect(p.report).toMatchObject({ code: 'run-failed', exitStatus: 1, step: { text: 'RUN false' } });
  });

  it('a fatal push-permission error is the cause even after a RUN line printed an error', () => {
    const p = run([
      json('info', 'RUN ./check'),
      'error: something the step printed',
      json(
        'fatal',
        'error checking push permissions -- make sure you entered the correct tag name: UNAUTHORIZED',
      ),
    ]);
    expect(p.report?.code).toBe('push-permission');
  });
});

describe('the executor refusing its flags', () => {
  it("reads the command line's 'Error: …' as the last word, and a later kaniko error over a RUN step's own", () => {
    const flags = run([
      'Error: cache flags invalid: if using cache with --no-push, specify cache repo with --cache-repo',
      'Usage:',
      '  executor [flags]',
    ]);
    expect(flags.report).toMatchObject({
      code: 'unknown',
      explanation: expect.stringMatching(/^Error: cache flags invalid/),
    });
    const step = run([
      json('info', 'RUN node check.js'),
      'Error: config missing',
      'error building image: error building stage: failed to execute command: waiting for process to exit: exit status 1',
    ]);
    expect(step.report).toMatchObject({ code: 'run-failed', exitStatus: 1 });
  });
});

describe('prefixed and indented lines', () => {
  const MSG = "Building stage 'x' [idx: '0', base-idx: '-1']";
  it.each([
    ['CI timestamp + json', `2026-01-01T10:00:00.1234567Z ${json('info', MSG)}`],
    ['kubectl --prefix + color', `[pod/kaniko-abc/kaniko] ${color(MSG)}`],
    ['compose-style name + text', `kaniko  | ${text('info', MSG)}`],
    ['indented json', `    ${json('info', MSG)}`],
    ['indented text', `\t${text('info', MSG)}`],
  ])('%s', (_name, line) => {
    const p = run([
      line,
      '  RUN nothing-here-is-an-instruction',
      json('info', 'RUN true').replace(/^/, '> '),
    ]);
    const stages = p.model.snapshot();
    expect(stages).toHaveLength(1);
    expect(stages[0]?.steps.map((s) => s.text)).toEqual(['RUN true']);
  });

  it('recognises a prefixed top-level error as the fatal line', () => {
    const p = run([
      `2026-01-01T10:00:00Z ${json('info', 'RUN false')}`,
      '2026-01-01T10:00:01Z error building image: error building stage: failed to execute command: exit status 7',
    ]);
    expect(p.report).toMatchObject({ code: 'run-failed', exitStatus: 7 });
  });
});
