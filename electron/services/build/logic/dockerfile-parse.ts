/**
 * Dockerfile → instructions, following BuildKit's parser rules closely enough for analysis:
 * parser directives at the top (`# escape=` changes the continuation character), comment lines
 * dropped (also inside continuations), escaped line ends joined, and here-documents on RUN/COPY/ADD
 * swallowed so their bodies are never mistaken for instructions.
 */

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY… */
  keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
  /** `KEYWORD args` as kaniko echoes it. */
  text: string;
}

export interface ParsedDockerfile {
  directives: Record<string, string>;
  instructions: Instruction[];
  escapeChar: '\\' | '`';
}

const DIRECTIVE_RE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const HEREDOC_RE = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

export function parseDockerfile(source: string): ParsedDockerfile {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const directives: Record<string, string> = {};
  let i = 0;
  // Directives are only honoured before the first comment, blank line or instruction.
  for (; i < lines.length; i++) {
    const m = DIRECTIVE_RE.exec(lines[i] ?? '');
    const name = m?.[1]?.toLowerCase();
    if (!m || !name || name in directives) break;
    directives[name] = m[2] ?? '';
  }
  const escapeChar = directives.escape === '`' ? '`' : '\\';

  const instructions: Instruction[] = [];
  while (i < lines.length) {
    const first = lines[i] ?? '';
    const trimmed = first.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const startLine = i + 1;
    let logical = '';
    let current = first;
    i++;
    // Join escaped line ends; comment and blank lines inside a continuation are skipped.
    for (;;) {
      const stripped = current.replace(/\s+$/, '');
      if (!stripped.endsWith(escapeChar)) {
        logical += stripped;
        break;
      }
      logical += stripped.slice(0, -1);
      while (i < lines.length && /^\s*(#.*)?$/.test(lines[i] ?? '')) i++;
      if (i >= lines.length) break;
      current = lines[i] ?? '';
      i++;
    }
    const m = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(logical);
    if (!m) continue;
    const keyword = (m[1] ?? '').toUpperCase();
    const args = (m[2] ?? '').trim();
    if (HEREDOC_KEYWORDS.has(keyword)) i = skipHeredocs(args, lines, i);
    instructions.push({ keyword, args, line: startLine, text: args ? `${keyword} ${args}` : keyword });
  }
  return { directives, instructions, escapeChar };
}

/** Moves past the bodies of `<<EOF` / `<<-EOF` here-documents started on this instruction. */
function skipHeredocs(args: string, lines: string[], from: number): number {
  let i = from;
  for (const m of args.matchAll(HEREDOC_RE)) {
    const dash = m[1] === '-';
    const word = m[3] ?? '';
    while (i < lines.length) {
      const line = lines[i] ?? '';
      i++;
      if ((dash ? line.replace(/^\t+/, '') : line) === word) break;
    }
  }
  return i;
}
