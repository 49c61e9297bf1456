import path from 'node:path';
import { AppError } from '../../../shared/errors';

/**
 * `.dockerignore` with Docker's own semantics (moby/patternmatcher), not gitignore's: patterns are
 * anchored at the context root (`*.log` matches `a.log`, not `sub/a.log`; write `**\/*.log` for
 * any depth), a pattern that matches a folder excludes everything in it, `!` re-includes, and the
 * last matching pattern wins. That is why the `ignore` package (gitignore rules) is not used here.
 * Measured against Docker's own test cases (test/unit/build/dockerignore-docker-cases.test.ts) this
 * matcher agrees on all of them; @balena/dockerignore does not (it misses patterns with '+' or
 * parentheses, and accepts malformed character classes Docker refuses).
 */

export interface IgnorePattern {
  /** Cleaned pattern without the leading '!'. */
  pattern: string;
  exclusion: boolean;
  matches: (relPath: string) => boolean;
}

/**
 * Parses .dockerignore text as Docker's ignorefile.ReadAll and patternmatcher.New do. A pattern
 * Docker refuses (a lone '!', a malformed character class, a trailing '\\') is a VALIDATION error
 * naming the line, as a Docker build would fail on it.
 */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, rawLine] of lines.entries()) {
    if (rawLine.startsWith('#')) continue; // comments only when '#' is the very first character
    let line = rawLine.trim();
    if (line === '') continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    const problem = line === '' ? "a lone '!' excludes nothing" : goPatternError(line);
    if (problem) {
      const message = `Line ${index + 1} of .dockerignore ('${rawLine.trim()}') is not a valid pattern: ${problem}.`;
      throw new AppError('VALIDATION', message, {
        fields: { contextDir: message },
        hint: 'Fix or remove that line; Docker refuses it too.',
      });
    }
    let cleaned = path.posix.normalize(line.replace(/\\(?=\/)/g, ''));
    if (cleaned.length > 1 && cleaned.endsWith('/')) cleaned = cleaned.slice(0, -1);
    if (cleaned.length > 1 && cleaned.startsWith('/')) cleaned = cleaned.slice(1);
    patterns.push({ pattern: cleaned, exclusion, matches: compilePattern(cleaned) });
  }
  return patterns;
}

// What patternmatcher escapes; everything else (including '^') reaches the regexp as written.
const REGEX_SPECIAL = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/**
 * Why Go's filepath.Match would refuse the pattern (patternmatcher.New checks every pattern with it),
 * or null: a trailing '\\', an unclosed '[', an empty class, or a '-' or ']' where a character belongs.
 */
export function goPatternError(pattern: string): string | null {
  const chars = [...pattern];
  let i = 0;
  /** Reads one class character (escapes allowed) at i; null when Go's getEsc would fail. */
  const classChar = (): string | null => {
    let ch = chars[i];
    if (ch === undefined || ch === '-' || ch === ']') return null;
    if (ch === '\\') ch = chars[++i];
    if (ch === undefined) return null;
    i++;
    return i < chars.length ? ch : null; // the class must still be closed after it
  };
  while (i < chars.length) {
    const ch = chars[i];
    if (ch === '\\') {
      if (i + 1 >= chars.length) return "it ends with a single '\\'";
      i += 2;
    } else if (ch === '[') {
      i++;
      if (chars[i] === '^') i++;
      let ranges = 0;
      for (;;) {
        if (chars[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        if (classChar() === null) return "a '[…]' character class is malformed or not closed";
        if (chars[i] === '-') {
          i++;
          if (classChar() === null) return "a range in a '[…]' character class is malformed";
        }
        ranges++;
      }
    } else i++;
  }
  return null;
}

/** Pattern → predicate, mirroring patternmatcher's compile(): `*`, `?`, `[…]`, `**`, `\` escapes. */
export function compilePattern(pattern: string): (relPath: string) => boolean {
  let re = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++; // "**/" is the same as "**"
        re += i + 1 >= chars.length ? '.*' : '(?:.*/)?';
      } else {
        re += '[^/]*';
      }
    } else if (ch === '?') {
      re += '[^/]';
    } else if (ch === '\\') {
      const next = chars[i + 1];
      if (next !== undefined) {
        re += escapeRegex(next);
        i++;
      } else re += '\\\\';
    } else if (ch === '[' || ch === ']') {
      re += ch;
    } else {
      re += escapeRegex(ch);
    }
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(`${re}$`, 'u');
  } catch {
    // An unterminated '[' is a bad pattern in Docker too (it errors); match nothing here.
    return () => false;
  }
  return (relPath) => compiled.test(relPath);
}

function escapeRegex(ch: string): string {
  return REGEX_SPECIAL.has(ch) ||
    ch === '\\' ||
    ch === '*' ||
    ch === '?' ||
    ch === '[' ||
    ch === ']' ||
    ch === '/'
    ? `\\${ch}`
    : ch;
}

/**
 * Whether `relPath` (posix, relative to the context) is excluded: each pattern applies when it
 * matches the path or any of its parent folders; the last applying pattern decides.
 */
export function isExcluded(patterns: IgnorePattern[], relPath: string): boolean {
  const parents = ancestors(relPath);
  let excluded = false;
  for (const p of patterns) {
    if (p.matches(relPath) || parents.some((dir) => p.matches(dir))) excluded = !p.exclusion;
  }
  return excluded;
}

/** 'a/b/c' → ['a', 'a/b']. */
function ancestors(relPath: string): string[] {
  const parts = relPath.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/**
 * An excluded folder must still be walked when a `!` pattern could re-include something inside it.
 * As BuildKit does: any wildcard exception forces the walk; a literal one only below its own path.
 */
export function mayContainExceptions(patterns: IgnorePattern[], relDir: string): boolean {
  const prefix = `${relDir}/`;
  return patterns.some(
    (p) => p.exclusion && (/[*?[\\]/.test(p.pattern) || `${p.pattern}/`.startsWith(prefix)),
  );
}
