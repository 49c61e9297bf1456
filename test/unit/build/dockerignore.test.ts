import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  isExcluded,
  mayContainExceptions,
  parseDockerignore,
} from '../../../electron/services/build/logic/dockerignore';

const excluded = (ignore: string, p: string) => isExcluded(parseDockerignore(ignore), p);

describe('parseDockerignore', () => {
  it('skips comments and blanks, trims, cleans and strips leading slashes', () => {
    const patterns = parseDockerignore('# comment\n\n  /build/  \n!  /build/keep.txt\n./a/../b\n \t\n');
    expect(patterns.map((p) => [p.pattern, p.exclusion])).toEqual([
      ['build', false],
      ['build/keep.txt', true],
      ['b', false],
    ]);
  });

  it("only treats '#' as a comment in the first column", () => {
    expect(parseDockerignore(' #notacomment').map((p) => p.pattern)).toEqual(['#notacomment']);
  });
});

describe('Docker matching rules (examples from the .dockerignore reference)', () => {
  it.each([
    ['*/temp*', 'somedir/temporary.txt', true],
    ['*/temp*', 'somedir/temp', true],
    ['*/temp*', 'temp.txt', false],
    ['*/*/temp*', 'somedir/subdir/temporary.txt', true],
    ['*/*/temp*', 'somedir/temporary.txt', false],
    ['temp?', 'tempa', true],
    ['temp?', 'tempab', false],
    ['**/*.go', 'main.go', true],
    ['**/*.go', 'a/b/c/main.go', true],
    ['*.md', 'README.md', true],
    ['*.md', 'docs/guide.md', false], // anchored at the root, unlike .gitignore
    ['node_modules', 'node_modules/a/b.js', true], // a matching folder excludes its contents
    ['docs/**', 'docs/a/b.md', true],
    ['docs/**', 'docsx', false],
    ['**', 'anything/at/all', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['[ab].txt', 'b.txt', true],
    ['[ab].txt', 'c.txt', false],
    ['file\\*', 'file*', true],
    ['file\\*', 'fileX', false],
    ['a.b', 'axb', false], // '.' is literal
  ])('%s on %s → %s', (pattern, file, expected) => {
    expect(excluded(pattern, file)).toBe(expected);
  });

  it('lets the last matching pattern win, with ! exceptions', () => {
    const ignore = '*.md\n!README*.md\nREADME-secret.md\n';
    expect(excluded(ignore, 'CHANGES.md')).toBe(true);
    expect(excluded(ignore, 'README.md')).toBe(false);
    expect(excluded(ignore, 'README-secret.md')).toBe(true);
  });

  it('re-includes a file inside an excluded folder', () => {
    const ignore = 'build\n!build/keep.txt\n';
    expect(excluded(ignore, 'build/other.txt')).toBe(true);
    expect(excluded(ignore, 'build/keep.txt')).toBe(false);
  });

  it('compiles a broken character class to "matches nothing" instead of throwing', () => {
    expect(compilePattern('[abc')('a')).toBe(false);
  });
});

describe('mayContainExceptions', () => {
  it('walks an excluded folder only when an exception could apply inside it', () => {
    expect(mayContainExceptions(parseDockerignore('build\n!build/keep.txt'), 'build')).toBe(true);
    expect(mayContainExceptions(parseDockerignore('build\n!other/keep.txt'), 'build')).toBe(false);
    expect(mayContainExceptions(parseDockerignore('build'), 'build')).toBe(false);
    expect(mayContainExceptions(parseDockerignore('build\n!**/*.keep'), 'build')).toBe(true);
  });
});
