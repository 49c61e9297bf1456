import { describe, expect, it } from 'vitest';
import {
  createKanikoLogParser,
  parseKanikoLine,
  type KanikoLogEvent,
} from '../../../electron/services/build/logic/kaniko-log-parser';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

// A push build of the nginx example, as kaniko logs it (messages in order).
const PUSH_RUN: [level: string, msg: string][] = [
  ['info', 'Retrieving image manifest nginx'],
  ['info', 'Retrieving image nginx from registry index.docker.io'],
  ['info', 'Built cross stage deps: map[]'],
  ['info', 'Executing 0 build triggers'],
  ['info', "Building stage 'nginx' [idx: '0', base-idx: '-1']"],
  ['info', 'Unpacking rootfs as cmd COPY index.html /usr/share/nginx/html/ requires it.'],
  ['info', 'COPY index.html /usr/share/nginx/html/'],
  ['info', 'Taking snapshot of files...'],
  ['info', 'EXPOSE 8080'],
  ['info', 'Cmd: EXPOSE'],
  ['info', 'Adding exposed port: 8080/tcp'],
  ['info', 'Pushing image to docker.io/alice/kaniko-nginx:latest'],
  ['info', `Pushed index.docker.io/alice/kaniko-nginx@${DIGEST}`],
];

const COLORS: Record<string, string> = { info: '36', warn: '33', error: '31', fatal: '31' };
const SHORT: Record<string, string> = { info: 'INFO', warn: 'WARN', error: 'ERRO', fatal: 'FATA' };

const fmt = {
  color: (level: string, msg: string, sec = 3) =>
    `\x1b[${COLORS[level]}m${SHORT[level]}\x1b[0m[${String(sec).padStart(4, '0')}] ${msg.padEnd(44)} `,
  text: (level: string, msg: string) =>
    `time="2025-06-01T10:00:00Z" level=${level} msg=${JSON.stringify(msg)}`,
  json: (level: string, msg: string) => JSON.stringify({ level, msg, time: '2025-06-01T10:00:00Z' }),
};

function feedAll(lines: string[], opts = {}) {
  const parser = createKanikoLogParser(opts);
  const events: KanikoLogEvent[] = [];
  for (const l of lines) events.push(...parser.feed(l));
  return { parser, events };
}

const ofKind = <K extends KanikoLogEvent['kind']>(events: KanikoLogEvent[], kind: K) =>
  events.filter((e): e is Extract<KanikoLogEvent, { kind: K }> => e.kind === kind);

describe('parseKanikoLine', () => {
  it('reads the color format and keeps ANSI for display', () => {
    const line = fmt.color('info', 'Retrieving image manifest nginx');
    const p = parseKanikoLine(line);
    expect(p).toMatchObject({ format: 'color', level: 'info', message: 'Retrieving image manifest nginx' });
    expect(p.display).toBe(line.trimEnd());
    expect(p.display).toContain('\x1b[36m');
  });

  it('reads uncoloured logrus text lines (INFO[0000] msg)', () => {
    expect(parseKanikoLine('WARN[0001] Error while retrieving image from cache')).toMatchObject({
      format: 'color',
      level: 'warn',
      message: 'Error while retrieving image from cache',
    });
  });

  it('reads the text format, unquoting Go strings, and renders it readably', () => {
    const p = parseKanikoLine(
      'time="2025-06-01T10:00:00Z" level=info msg="Args: [-c echo \\"hi\\"]" stage=0',
    );
    expect(p).toMatchObject({ format: 'text', level: 'info', message: 'Args: [-c echo "hi"]' });
    expect(p.display).toBe('INFO  Args: [-c echo "hi"] stage=0');
    expect(parseKanikoLine('level=warning msg=Done').level).toBe('warn');
  });

  it('reads the json format and renders LEVEL msg', () => {
    const p = parseKanikoLine(fmt.json('error', 'something broke'));
    expect(p).toMatchObject({
      format: 'json',
      level: 'error',
      message: 'something broke',
      display: 'ERROR something broke',
    });
  });

  it('treats everything else as raw output, including JSON without msg', () => {
    expect(parseKanikoLine('hello from RUN')).toMatchObject({
      format: 'raw',
      level: 'output',
      message: 'hello from RUN',
    });
    expect(parseKanikoLine('{"not":"a log"}')).toMatchObject({ format: 'raw', level: 'output' });
    expect(parseKanikoLine('{broken')).toMatchObject({ format: 'raw' });
  });
});

describe.each(['color', 'text', 'json'] as const)('a push build in %s format', (format) => {
  const lines = PUSH_RUN.map(([level, msg]) => fmt[format](level, msg));

  it('goes through pull, unpack, instructions, snapshot, push and done, with the digest', () => {
    const { parser, events } = feedAll(lines, { instructionCount: 2 });
    const stages = ofKind(events, 'stage').map((e) => e.stage);
    expect(stages).toEqual(['pull', 'unpack', 'instruction', 'snapshot', 'instruction', 'push', 'done']);
    const instructions = ofKind(events, 'stage').flatMap((e) => (e.instruction ? [e.instruction] : []));
    expect(instructions).toEqual([
      { index: 1, text: 'COPY index.html /usr/share/nginx/html/' },
      { index: 2, text: 'EXPOSE 8080' },
    ]);
    expect(ofKind(events, 'stage').at(-1)).toMatchObject({ stage: 'done', digest: DIGEST });
    expect(ofKind(events, 'pushed')).toEqual([
      { kind: 'pushed', ref: 'index.docker.io/alice/kaniko-nginx', digest: DIGEST },
    ]);
    expect(parser.state).toMatchObject({ done: true, digest: DIGEST, progress: 1, failure: null });
  });

  it('returns every line as a display line, first', () => {
    const parser = createKanikoLogParser();
    for (const l of lines) {
      const [first] = parser.feed(l, 'stderr');
      expect(first?.kind).toBe('line');
      if (first?.kind === 'line') expect(first.line).toMatchObject({ format, stream: 'stderr' });
    }
  });

  it('moves progress forward only, from the instruction count, reaching 1 at the end', () => {
    const { events } = feedAll(lines, { instructionCount: 2 });
    const fractions = ofKind(events, 'progress').map((e) => e.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(new Set(fractions).size).toBe(fractions.length);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.slice(0, -1).every((f) => f > 0 && f < 1)).toBe(true);
    // Second of two instructions starts half-way through the instruction span.
    const step2 = ofKind(events, 'progress').find((e) => e.label.startsWith('Step 2/2'));
    expect(step2?.fraction).toBeCloseTo(0.1 + 0.75 / 2, 5);
  });
});

describe('KanikoLogParser', () => {
  it('finishes a local build on the --no-push message, without a digest', () => {
    const { parser, events } = feedAll(
      [
        'Retrieving image manifest nginx',
        'Skipping unpacking as no commands require it.',
        'COPY index.html /usr/share/nginx/html/',
        'Skipping push to container registry due to --no-push flag',
      ].map((m) => fmt.json('info', m)),
      { instructionCount: 1 },
    );
    expect(ofKind(events, 'stage').map((e) => e.stage)).toEqual(['pull', 'unpack', 'instruction', 'done']);
    expect(parser.state).toMatchObject({ done: true, digest: null, progress: 1 });
  });

  it('waits for one Pushed line per destination', () => {
    const parser = createKanikoLogParser({ destinationCount: 2 });
    parser.feed(fmt.json('info', `Pushed index.docker.io/alice/app@${DIGEST}`));
    expect(parser.state.done).toBe(false);
    const events = parser.feed(fmt.json('info', `Pushed index.docker.io/alice/app@${DIGEST}`));
    expect(parser.state.done).toBe(true);
    expect(ofKind(events, 'stage')).toEqual([
      { kind: 'stage', stage: 'done', label: 'Image built', digest: DIGEST },
    ]);
    expect(parser.state.pushed).toHaveLength(2);
  });

  it('does not read instructions or stages from raw RUN output', () => {
    const { parser, events } = feedAll(
      ['RUN this is program output', 'Pushing image to nowhere', 'Taking snapshot'],
      {
        instructionCount: 3,
      },
    );
    expect(ofKind(events, 'stage')).toEqual([]);
    expect(parser.state.instructionsSeen).toBe(0);
  });

  it('does not count RUN detail lines (Cmd:, Args:, Running:) as instructions', () => {
    const { parser } = feedAll(
      [
        'RUN echo hi',
        'Cmd: /bin/sh',
        'Args: [-c echo hi]',
        'Running: [/bin/sh -c echo hi]',
        'Cmd: EXPOSE',
      ].map((m) => fmt.text('info', m)),
    );
    expect(parser.state.instructionsSeen).toBe(1);
  });

  it('keeps moving progress when the instruction count is unknown, without reaching 1', () => {
    const { parser } = feedAll(['RUN a', 'RUN b', 'RUN c', 'RUN d'].map((m) => fmt.json('info', m)));
    expect(parser.state.progress).toBeGreaterThan(0.5);
    expect(parser.state.progress).toBeLessThan(1);
  });

  it('ignores cache-layer pushes as the image push', () => {
    const { events } = feedAll([
      fmt.json('info', 'Pushing layer docker.io/alice/app/cache:abc to cache now'),
    ]);
    expect(ofKind(events, 'stage')).toEqual([]);
  });

  it('keeps the image push apart from the cache layers Kaniko pushes as images of their own', () => {
    const CACHE_DIGEST = `sha256:${'c'.repeat(64)}`;
    const { parser, events } = feedAll(
      [
        'RUN echo one',
        'Pushing layer 10.0.2.2:5000/app/cache:abc123 to cache now',
        'Pushing image to 10.0.2.2:5000/app/cache:abc123',
        `Pushed 10.0.2.2:5000/app/cache@${CACHE_DIGEST}`,
        'RUN echo two',
        'Pushing image to index.docker.io/alice/app:latest',
        `Pushed index.docker.io/alice/app@${DIGEST}`,
      ].map((m) => fmt.json('info', m)),
      { instructionCount: 2 },
    );
    expect(parser.state.instructionsSeen).toBe(2);
    expect(parser.state.pushed).toEqual([{ ref: 'index.docker.io/alice/app', digest: DIGEST }]);
    expect(parser.state.digest).toBe(DIGEST);
    expect(ofKind(events, 'stage').map((e) => e.stage)).toEqual([
      'instruction',
      'instruction',
      'push',
      'done',
    ]);
  });
});

describe('failures', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'push permission (UNAUTHORIZED)',
      'error checking push permissions -- make sure you entered the correct tag name, and that you are authenticated correctly, and try again: checking push permission for "docker.io/alice/kaniko-nginx:latest": POST https://index.docker.io/v2/alice/kaniko-nginx/blobs/uploads/: UNAUTHORIZED: authentication required; [map[Action:pull Class: Name:alice/kaniko-nginx Type:repository] map[Action:push Class: Name:alice/kaniko-nginx Type:repository]]',
      'push-permission',
      /docker\.io\/alice\/kaniko-nginx:latest/,
    ],
    [
      'bad credentials',
      'error checking push permissions -- make sure you entered the correct tag name: checking push permission for "docker.io/alice/x:latest": GET https://auth.docker.io/token?scope=repository%3Aalice%2Fx%3Apush%2Cpull&service=registry.docker.io: unexpected status code 401 Unauthorized: {"details":"incorrect username or password"}',
      'auth',
      /username or access token/,
    ],
    [
      'bare 401',
      'GET https://ghcr.io/token: unexpected status code 401 Unauthorized',
      'auth',
      /asked for credentials/,
    ],
    [
      'invalid repository name',
      'error building image: getting stage builder for stage 0: invalid repository name: Nginx',
      'invalid-ref',
      /not a valid reference/,
    ],
    [
      'missing capability',
      'error building image: error building stage: failed to get filesystem from image: chown /var/cache/nginx: operation not permitted',
      'missing-capability',
      /chown/,
    ],
    [
      'uid range',
      'error building image: error building stage: failed to get filesystem from image: lchown /usr/local/bin/tool: invalid argument',
      'uid-range',
      /65,536/,
    ],
    [
      'full storage',
      'error building image: error building stage: failed to take snapshot: write /kaniko/3184563801: no space left on device',
      'no-space',
      /storage is full/,
    ],
    [
      'not in a container',
      'kaniko should only be run inside of a container, run with the --force flag if you are sure you want to continue',
      'not-in-container',
      /container/,
    ],
  ];

  describe.each(['color', 'text', 'json', 'raw'] as const)('in %s form', (form) => {
    it.each(cases)('recognises %s', (_name, msg, code, explanation) => {
      const line = form === 'raw' ? msg : fmt[form]('error', msg);
      const parser = createKanikoLogParser();
      const failures = ofKind(parser.feed(line), 'failure');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ code, line: msg });
      expect(failures[0]?.explanation).toMatch(explanation);
      expect(failures[0]?.fix.length).toBeGreaterThan(10);
      expect(parser.state.failure?.code).toBe(code);
    });
  });

  it('names the failing RUN step and its exit status', () => {
    const { parser } = feedAll([
      fmt.json('info', 'RUN apk add --no-cache nothing-here'),
      'ERROR: unable to select packages:',
      'error building image: error building stage: failed to execute command: waiting for process to exit: exit status 2',
    ]);
    expect(parser.state.failure).toMatchObject({
      code: 'run-failed',
      exitStatus: 2,
      explanation: "The step 'RUN apk add --no-cache nothing-here' exited with status 2.",
    });
  });

  it('lets the fatal line decide, keeping a specific cause the RUN output showed in the fix', () => {
    const { parser } = feedAll([
      fmt.color('info', 'RUN chown 1000 /data'),
      'chown: /data: Operation not permitted',
      'error building image: error building stage: failed to execute command: exit status 1',
    ]);
    expect(parser.state.failures.map((f) => f.code)).toEqual(['missing-capability', 'run-failed']);
    expect(parser.report).toMatchObject({
      code: 'run-failed',
      exitStatus: 1,
      step: { n: 1, text: 'RUN chown 1000 /data' },
      fix: expect.stringMatching(/capability/),
    });
    expect(parser.report?.lastLines.at(-1)).toBe('chown: /data: Operation not permitted');
  });

  it('reports unrecognised error-level lines and top-level errors as unknown, but not ordinary output', () => {
    const parser = createKanikoLogParser();
    expect(ofKind(parser.feed(fmt.json('fatal', 'something new went wrong')), 'failure')[0]?.code).toBe(
      'unknown',
    );
    expect(ofKind(parser.feed('error resolving dockerfile path: no such file'), 'failure')[0]?.code).toBe(
      'unknown',
    );
    expect(ofKind(parser.feed('npm WARN deprecated something'), 'failure')).toEqual([]);
    expect(
      ofKind(parser.feed(fmt.json('warn', 'Error while retrieving image from cache')), 'failure'),
    ).toEqual([]);
  });
});
