import { saveBlob } from '../save-file';
import { stripAnsi } from './ansi';
import type { LogBuffer } from './log-buffer';

/** The kept lines as plain text (escapes removed), with a first line saying how many were dropped. */
export function plainText(buffer: LogBuffer): string {
  const lines = buffer.toArray().map(stripAnsi);
  if (buffer.dropped > 0)
    lines.unshift(`[${buffer.dropped.toLocaleString('en')} earlier lines were dropped]`);
  return lines.join('\n') + '\n';
}

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Permission refused (e.g. an unfocused page): fall back to the selection-based copy below.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('The clipboard refused the copy.');
}

/** Saves text as a file (Blob download). */
export function saveText(text: string, fileName: string): void {
  saveBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), fileName);
}
