import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KanikoLogParser } from '../../../electron/services/build/logic/kaniko-log-parser';

// The REAL executor's output (Kaniko v1.24.0, recorded by test/fixtures/kaniko-logs/record.sh), through
// the parser the app uses, in both formats the app may meet.
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kaniko-logs');
const FORMATS = ['json', 'color'] as const;

function parse(
  name: string,
  format: string,
  stages?: { index: number; name: string | null; base: string; stepCount: number }[],
) {
  const parser = new KanikoLogParser({ now: null, ...(stages ? { stages } : {}) });
  const lines = readFileSync(path.join(dir, `${name}.${format}.log`), 'utf8')
    .split('\n')
    .filter(Boolean);
  for (const line of lines) parser.feed(line, 'stderr');
  return parser;
}

describe.each(FORMATS)('real Kaniko logs, %s format', (format) => {
  it('single stage: no failure, its steps in one stage', () => {
    const p = parse('single-stage', format);
    expect(p.report).toBeNull();
    const stages = p.model.snapshot();
    expect(stages).toHaveLength(1);
    expect(stages[0]?.steps.map((s) => s.text)).toContain('COPY index.html /www/index.html');
  });

  it('multi-stage: three stages by index, named from the Dockerfile, COPY --from in the last', () => {
    const p = parse('multi-stage', format, [
      { index: 0, name: 'build', base: '127.0.0.1:5000/kd-busybox:latest', stepCount: 1 },
      { index: 1, name: 'test', base: '127.0.0.1:5000/kd-busybox:latest', stepCount: 2 },
      { index: 2, name: null, base: '127.0.0.1:5000/kd-busybox:latest', stepCount: 2 },
    ]);
    expect(p.report).toBeNull();
    const stages = p.model.snapshot();
    expect(stages.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(stages[0]?.name).toBe('build');
    expect(stages[2]?.steps.map((s) => s.text)).toContain('COPY --from=build /out/app /www/app');
  });

  it('RUN failure: the failing step and exit status 3 decide the cause', () => {
    const p = parse('run-failure', format);
    expect(p.report?.code).toBe('run-failed');
    expect(p.report?.exitStatus).toBe(3);
    expect(p.report?.step?.text).toContain('exit 3');
    expect(p.report?.lastLines.join('\n')).toContain('about to fail');
  });

  it('push the executor makes itself, refused: explained as a push permission problem', () => {
    expect(parse('push-auth-failure', format).report?.code).toBe('push-permission');
  });

  it('layer cache: the cold build misses, the second build hits both RUN steps', () => {
    const cold = parse('cache-cold', format)
      .model.snapshot()
      .flatMap((s) => s.steps);
    const hit = parse('cache-hit', format)
      .model.snapshot()
      .flatMap((s) => s.steps);
    const runs = (steps: typeof hit) => steps.filter((s) => s.text.startsWith('RUN')).map((s) => s.cache);
    expect(runs(cold)).toEqual(['miss', 'miss']);
    expect(runs(hit)).toEqual(['hit', 'hit']);
  });

  it('a base image on a loopback registry without a login: the mapped pull is the cause, not the fallback', () => {
    const p = parse('base-pull-no-login', format);
    expect(p.report?.code).toBe('auth');
    expect(p.report?.explanation).toContain('127.0.0.1:5000/kd-busybox:latest');
    expect(p.report?.fix).toMatch(/private base images/);
  });
});
