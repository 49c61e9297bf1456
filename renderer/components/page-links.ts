import type { PageId } from '../pages';

/** A piece of a message: plain text, or the words that name a page (shown as a link to it). */
export type MessagePart = { text: string; page?: PageId };

// How services name the app's pages in messages and hints ("Set another executor image in Settings").
const MENTIONS: readonly [RegExp, PageId][] = [
  [/\bSettings\b/, 'settings'],
  [/\bRegistries page\b/, 'registries'],
  [/\bMachine page\b/, 'machine'],
  [/\bPreviews page\b/, 'previews'],
  [/\bHistory page\b/, 'history'],
  [/\bKubernetes page\b/, 'kubernetes'],
];

/** Splits a message so every mention of a page can link to it; text without one comes back whole. */
export function splitPageMentions(text: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let rest = text;
  for (;;) {
    let first: { index: number; length: number; page: PageId } | null = null;
    for (const [re, page] of MENTIONS) {
      const m = re.exec(rest);
      if (m && (first === null || m.index < first.index))
        first = { index: m.index, length: m[0].length, page };
    }
    if (!first) break;
    if (first.index > 0) parts.push({ text: rest.slice(0, first.index) });
    parts.push({ text: rest.slice(first.index, first.index + first.length), page: first.page });
    rest = rest.slice(first.index + first.length);
  }
  if (rest) parts.push({ text: rest });
  return parts;
}
