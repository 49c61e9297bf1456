import Anser from 'anser';

/** A run of text with one style. `cls` are CSS classes; `fg`/`bg` are inline colours when no class fits. */
export interface Segment {
  text: string;
  cls: string;
  fg?: string;
  bg?: string;
  /** Part of a search match. */
  mark?: boolean;
}

const ESC = '\x1b';
// SGR and other CSI sequences, OSC titles/links: what anser ignores we must not count as text either.
// eslint-disable-next-line no-control-regex -- matching terminal escapes is the point
const ANSI_PATTERN = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** The visible text of a line (what search, copy and save work on). */
export function stripAnsi(line: string): string {
  if (!line.includes(ESC)) return line;
  return line.replace(ANSI_PATTERN, '');
}

const DECORATION_CLASS: Record<string, string> = {
  bold: 'ansi-bold',
  dim: 'ansi-dim',
  italic: 'ansi-italic',
  underline: 'ansi-underline',
  strikethrough: 'ansi-strike',
  hidden: 'ansi-hidden',
  blink: '',
  reverse: 'ansi-reverse',
};

/** xterm 256-colour palette entry (16..255) as "r, g, b"; 0..15 map to theme classes instead. */
export function paletteRgb(n: number): string {
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `${v}, ${v}, ${v}`;
  }
  const i = n - 16;
  const level = (c: number) => (c === 0 ? 0 : 55 + c * 40);
  return `${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)}`;
}

const BASIC = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

function colour(
  value: string | null,
  truecolor: string | null,
  layer: 'fg' | 'bg',
): { cls?: string; rgb?: string } {
  if (!value) return {};
  if (value === 'ansi-truecolor') return truecolor ? { rgb: truecolor } : {};
  const palette = /^ansi-palette-(\d+)$/.exec(value);
  if (palette) {
    const n = Number(palette[1]);
    if (n < 8) return { cls: `ansi-${BASIC[n]}-${layer}` };
    if (n < 16) return { cls: `ansi-bright-${BASIC[n - 8]}-${layer}` };
    return { rgb: paletteRgb(n) };
  }
  return { cls: `${value}-${layer}` };
}

/** Splits a line with ANSI escapes into styled segments (theme-aware classes for the 16 basic colours). */
export function ansiSegments(line: string): Segment[] {
  if (!line.includes(ESC)) return [{ text: line, cls: '' }];
  const out: Segment[] = [];
  for (const e of Anser.ansiToJson(line, { use_classes: true, remove_empty: true })) {
    if (!e.content) continue;
    const fg = colour(e.fg, e.fg_truecolor, 'fg');
    const bg = colour(e.bg, e.bg_truecolor, 'bg');
    const cls = [fg.cls, bg.cls, ...e.decorations.map((d) => DECORATION_CLASS[d])].filter(Boolean).join(' ');
    const seg: Segment = { text: e.content, cls };
    if (fg.rgb) seg.fg = `rgb(${fg.rgb})`;
    if (bg.rgb) seg.bg = `rgb(${bg.rgb})`;
    out.push(seg);
  }
  return out.length > 0 ? out : [{ text: '', cls: '' }];
}

/** Positions [start, end) of case-insensitive occurrences of `query` in `text`. */
export function findAll(text: string, query: string): [number, number][] {
  if (!query) return [];
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  const out: [number, number][] = [];
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) {
    out.push([i, i + needle.length]);
  }
  return out;
}

/** Splits segments at search matches so the view can wrap them in <mark> without losing colours. */
export function markMatches(segments: Segment[], query: string): Segment[] {
  if (!query) return segments;
  const ranges = findAll(segments.map((s) => s.text).join(''), query);
  if (ranges.length === 0) return segments;
  const out: Segment[] = [];
  let offset = 0;
  let r = 0;
  for (const seg of segments) {
    const segEnd = offset + seg.text.length;
    let pos = offset;
    while (pos < segEnd) {
      while (r < ranges.length && ranges[r]![1] <= pos) r++;
      const range = ranges[r];
      if (!range || range[0] >= segEnd) {
        out.push({ ...seg, text: seg.text.slice(pos - offset) });
        pos = segEnd;
      } else if (range[0] > pos) {
        out.push({ ...seg, text: seg.text.slice(pos - offset, range[0] - offset) });
        pos = range[0];
      } else {
        const end = Math.min(range[1], segEnd);
        out.push({ ...seg, text: seg.text.slice(pos - offset, end - offset), mark: true });
        pos = end;
      }
    }
    offset = segEnd;
  }
  return out;
}
