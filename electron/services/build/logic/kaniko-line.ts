/**
 * One line of executor output → level, message and a display form. Kaniko logs with logrus in
 * one of three formats (--log-format=color|text|json); RUN steps print raw lines in between.
 *   color: `\x1b[36mINFO\x1b[0m[0003] msg   k=v` (seconds since start, message padded to 44 chars)
 *   text:  `time="2025-01-01T00:00:00Z" level=info msg="Retrieving image manifest nginx"`
 *   json:  `{"level":"info","msg":"Retrieving image manifest nginx","time":"2025-…"}`
 * Also read: the app's own display form (`INFO  msg`, what history logs hold), and any of these behind
 * a wrapper's prefix or indentation (CI runners' timestamps, `kubectl logs --prefix`, `name | `).
 */

export type LogFormat = 'color' | 'text' | 'json' | 'display' | 'raw';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'panic' | 'output';

export interface ParsedLine {
  format: LogFormat;
  /** 'output' for raw lines (RUN output, or the executor's final error printed without logrus). */
  level: LogLevel;
  /** The logrus message (ANSI-free), or the raw line without ANSI. */
  message: string;
  /** What the log view shows: ANSI kept for color lines; json/text rendered as `LEVEL msg k=v`. */
  display: string;
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;]*[A-Za-z]/g;
const COLOR_RE =
  // eslint-disable-next-line no-control-regex
  /^(?:\x1b\[[0-9;]*m)?(TRAC|DEBU|INFO|WARN|WARNING|ERRO|ERROR|FATA|FATAL|PANI|PANIC)(?:\x1b\[0m)?\[([^\]]*)\]\s?(.*)$/;
const SHORT_LEVELS: Record<string, LogLevel> = {
  TRAC: 'trace',
  DEBU: 'debug',
  INFO: 'info',
  WARN: 'warn',
  WARNING: 'warn',
  ERRO: 'error',
  ERROR: 'error',
  FATA: 'fatal',
  FATAL: 'fatal',
  PANI: 'panic',
  PANIC: 'panic',
};

/** Where a logrus line starts inside a wrapped one: color/uncoloured, text (logfmt) or json. */
const SIGNATURE_RE =
  // eslint-disable-next-line no-control-regex
  /(?:^|[\s|\]>:])((?:\x1b\[[0-9;]*m)?(?:TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)(?:\x1b\[0m)?\[\d+\]|time="[^"]*" level=|level=(?:trace|debug|info|warning|warn|error|fatal|panic) |\{"(?:level|msg|time)":)/;
/** Prefixes wrappers put before a raw line: indentation, timestamps, [tags], `name | `. */
const RAW_PREFIX_RE =
  /^(?:\s+|\d{4}-\d\d-\d\d[T ][\d:.,]+(?:Z|[+-]\d\d:?\d\d)?\s*|\[[^\]\n]{1,200}\]\s*|[\w.-]{1,100}\s+\|\s?)/;
const DISPLAY_RE = /^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL|PANIC)\s{1,2}(\S.*)$/;

/** The line without a wrapper's prefix, as far as one can be recognised. */
export function unwrapLine(line: string): string {
  const sig = SIGNATURE_RE.exec(line);
  if (sig && sig.index + sig[0].length - (sig[1]?.length ?? 0) > 0) {
    return line.slice(sig.index + sig[0].length - (sig[1]?.length ?? 0));
  }
  let rest = line;
  for (let i = 0; i < 4; i++) {
    const m = RAW_PREFIX_RE.exec(rest);
    if (!m || m[0] === '') break;
    rest = rest.slice(m[0].length);
  }
  return rest;
}

export function stripAnsi(text: string): string {
  return text.replace(ANSI_RE, '');
}

function toLevel(value: unknown): LogLevel {
  const v = String(value ?? '').toLowerCase();
  if (v === 'warning') return 'warn';
  const known: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'panic'];
  return (known as string[]).includes(v) ? (v as LogLevel) : 'info';
}

function render(level: LogLevel, message: string, fields: [string, string][]): string {
  const extra = fields.map(([k, v]) => ` ${k}=${/[\s"]/.test(v) ? JSON.stringify(v) : v}`).join('');
  return `${level.toUpperCase().padEnd(5)} ${message}${extra}`;
}

/** logfmt as logrus writes it: key=value, values quoted with Go's %q when they need it. */
export function parseLogfmt(line: string): Map<string, string> | null {
  const out = new Map<string, string>();
  const re = /([A-Za-z_][\w.-]*)=(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*/gy;
  let pos = 0;
  while (pos < line.length) {
    re.lastIndex = pos;
    const m = re.exec(line);
    if (!m) return null;
    const quoted = m[2];
    out.set(m[1] ?? '', quoted !== undefined ? unquoteGo(quoted) : (m[3] ?? ''));
    pos = re.lastIndex;
  }
  return out;
}

function unquoteGo(body: string): string {
  try {
    return JSON.parse(`"${body.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')}"`) as string;
  } catch {
    return body.replace(/\\(.)/g, '$1');
  }
}

/**
 * `ownDisplay`: also read the app's display form (`INFO  msg`), for logs the app stored itself; off for
 * live output, where a RUN step could print such a line.
 */
export function parseKanikoLine(raw: string, opts: { ownDisplay?: boolean } = {}): ParsedLine {
  const whole = raw.replace(/\r$/, '');
  const parsed = parseUnwrapped(whole, opts.ownDisplay ?? false);
  if (parsed.format !== 'raw') return parsed;
  const unwrapped = unwrapLine(whole);
  if (unwrapped === whole) return parsed;
  const inner = parseUnwrapped(unwrapped, opts.ownDisplay ?? false);
  // A raw line keeps its prefix on screen; its message (for recognition) loses it.
  return inner.format === 'raw' ? { ...parsed, message: stripAnsi(unwrapped) } : inner;
}

function parseUnwrapped(line: string, ownDisplay: boolean): ParsedLine {
  const color = COLOR_RE.exec(line);
  if (color) {
    const message = stripAnsi(color[3] ?? '').trimEnd();
    return {
      format: 'color',
      level: SHORT_LEVELS[color[1] ?? ''] ?? 'info',
      message,
      display: line.trimEnd(),
    };
  }
  if (line.startsWith('{')) {
    try {
      const obj = JSON.parse(line) as unknown;
      if (obj && typeof obj === 'object' && typeof (obj as Record<string, unknown>).msg === 'string') {
        const rec = obj as Record<string, unknown>;
        const level = toLevel(rec.level);
        const message = String(rec.msg);
        const fields = Object.entries(rec)
          .filter(([k]) => k !== 'level' && k !== 'msg' && k !== 'time')
          .map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
        return { format: 'json', level, message, display: render(level, message, fields) };
      }
    } catch {
      // Not JSON after all: a raw line that happens to start with '{'.
    }
  }
  if (/^(?:time|level)=/.test(line)) {
    const kv = parseLogfmt(line);
    if (kv?.has('msg') && kv.has('level')) {
      const level = toLevel(kv.get('level'));
      const message = kv.get('msg') ?? '';
      const fields = [...kv].filter(([k]) => k !== 'level' && k !== 'msg' && k !== 'time');
      return { format: 'text', level, message, display: render(level, message, fields) };
    }
  }
  const own = ownDisplay ? DISPLAY_RE.exec(line) : null;
  if (own) {
    const level = toLevel(own[1]);
    return { format: 'display', level, message: own[2] ?? '', display: line };
  }
  return { format: 'raw', level: 'output', message: stripAnsi(line), display: line };
}
