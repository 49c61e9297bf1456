import { DockerfileParser, From, type Instruction as AstInstruction } from 'dockerfile-ast';

/**
 * Dockerfile → instructions, read by `dockerfile-ast` (the parser behind the Dockerfile language
 * server): parser directives (`# escape=`), continuations with comment lines inside, here-documents,
 * JSON and shell forms, flags such as `--from=`, `--chown=`, `--chmod=`, `--platform=`. This module
 * only maps its tree to the few facts the app needs.
 */

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY… */
  keyword: string;
  /** Everything after the keyword and its flags, continuations joined (here-document bodies kept). */
  args: string;
  /** Flags before the arguments, e.g. { from: 'build', chown: '1000:1000' } (null = flag without value). */
  flags: Record<string, string | null>;
  /** 1-based line where the instruction starts. */
  line: number;
  /** `KEYWORD --flags args` as kaniko echoes it. */
  text: string;
  /** For FROM: the image (unexpanded: may contain ${ARG}), the lower-cased stage name, the platform. */
  from?: { image: string; name: string | null; platform: string | null };
}

export interface ParsedDockerfile {
  directives: Record<string, string>;
  instructions: Instruction[];
  escapeChar: '\\' | '`';
}

function flagsOf(ins: AstInstruction): Record<string, string | null> {
  const flags: Record<string, string | null> = {};
  if ('getFlags' in ins && typeof ins.getFlags === 'function') {
    for (const f of (
      ins as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }
    ).getFlags()) {
      flags[f.getName()] = f.getValue();
    }
  }
  return flags;
}

function fromFacts(ins: From): Instruction['from'] {
  return {
    image: ins.getImage() ?? '',
    name: ins.getBuildStage()?.toLowerCase() ?? null,
    platform: ins.getPlatformFlag()?.getValue() ?? null,
  };
}

const HEREDOC_RE = /<<-?\s*["']?[A-Za-z_]/;

interface SourceText {
  lines: string[];
  /** 0-based lines the parser read as comments. */
  commentLines: ReadonlySet<number>;
  escapeChar: string;
}

/**
 * The arguments as kaniko echoes them: continuation lines joined without their escape character,
 * skipping the comment and blank lines the parser found inside (getArgumentsContent() would keep
 * their text). A here-document keeps its lines as written: its body is the content.
 */
function argumentsText(ins: AstInstruction, src: SourceText): string {
  const range = ins.getArgumentsRange();
  if (!range) return '';
  const parts: string[] = [];
  for (let l = range.start.line; l <= range.end.line; l++) {
    const whole = src.lines[l] ?? '';
    const end = l === range.end.line ? range.end.character : whole.length;
    const text = whole.slice(l === range.start.line ? range.start.character : 0, end);
    if (l > range.start.line && (src.commentLines.has(l) || text.trim() === '')) continue;
    parts.push(text);
  }
  if (HEREDOC_RE.test(parts[0] ?? '')) return parts.join('\n').trim();
  const unescaped = parts.map((p) => {
    const trimmed = p.replace(/\s+$/, '');
    return trimmed.endsWith(src.escapeChar) ? trimmed.slice(0, -1) : trimmed;
  });
  return unescaped.join('').trim();
}

export function parseDockerfile(source: string): ParsedDockerfile {
  const text = source.replace(/^\uFEFF/, '');
  const dockerfile = DockerfileParser.parse(text);
  const escapeChar = dockerfile.getEscapeCharacter() === '`' ? '`' : '\\';
  const src: SourceText = {
    lines: text.split(/\r?\n/),
    commentLines: new Set(dockerfile.getComments().map((c) => c.getRange().start.line)),
    escapeChar,
  };
  const directives: Record<string, string> = {};
  for (const d of dockerfile.getDirectives()) {
    const name = d.getName().toLowerCase();
    if (!(name in directives)) directives[name] = d.getValue();
  }
  const instructions = dockerfile.getInstructions().map((ins): Instruction => {
    const keyword = ins.getKeyword().toUpperCase();
    const flags = flagsOf(ins);
    const args = argumentsText(ins, src);
    const flagText = Object.entries(flags).map(([k, v]) => (v === null ? `--${k}` : `--${k}=${v}`));
    const text = [keyword, ...flagText, ...(args ? [args] : [])].join(' ');
    return {
      keyword,
      args,
      flags,
      line: ins.getRange().start.line + 1,
      text,
      ...(ins instanceof From ? { from: fromFacts(ins) } : {}),
    };
  });
  return { directives, instructions, escapeChar };
}
