import { describe, expect, it } from 'vitest';
import { isExcluded, parseDockerignore } from '../../../electron/services/build/logic/dockerignore';
import { ALL_MATCH_CASES, BUILDKIT_CONTEXT, READ_ALL, type MatchCase } from './fixtures/docker-ignore-cases';

/** What the app decides for one case: excluded or not, or 'error' when it refuses the patterns. */
function decide(c: MatchCase): boolean | 'error' {
  try {
    return isExcluded(parseDockerignore(c.patterns.join('\n')), c.path);
  } catch (err) {
    expect(err).toMatchObject({
      code: 'VALIDATION',
      fields: { contextDir: expect.stringMatching(/Line 1/) },
    });
    return 'error';
  }
}

describe(".dockerignore agrees with Docker's own test cases", () => {
  it.each(ALL_MATCH_CASES.map((c) => [JSON.stringify(c.patterns), c.path, c] as const))(
    '%s on %j',
    (_patterns, _path, c) => {
      expect(decide(c)).toBe(c.error ? 'error' : c.excluded);
    },
  );

  it('keeps exactly the files buildkit keeps', () => {
    const patterns = parseDockerignore(BUILDKIT_CONTEXT.dockerignore);
    expect(BUILDKIT_CONTEXT.files.filter((f) => !isExcluded(patterns, f))).toEqual(BUILDKIT_CONTEXT.kept);
  });

  it("reads lines as ignorefile.ReadAll does (leading '/' dropped, comments skipped)", () => {
    // Docker keeps the two lone '!' lines and then refuses them; the app refuses at once.
    const valid = READ_ALL.text.split('\n').slice(0, -2).join('\n');
    const read = parseDockerignore(valid).map((p) => (p.exclusion ? '!' : '') + p.pattern);
    expect(read).toEqual(READ_ALL.patterns.slice(0, -2));
    expect(() => parseDockerignore(READ_ALL.text)).toThrow(/Line 8 of \.dockerignore \('!'\)/);
  });
});
