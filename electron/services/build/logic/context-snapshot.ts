import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ContextEntry } from './context-files';

/**
 * Proof that a build context did not change while it was being packed: the kept entries' identity
 * (type, inode, size, mtime, ctime) right after the listing, compared with a second listing and stat
 * once the packer is done. When nothing differs, every file sent was the same from its first stat to
 * the end, so the archive is one consistent state of the folder; otherwise the archive is refused
 * rather than building a mix of before and after.
 */

export interface EntryIdentity {
  type: ContextEntry['type'];
  /** Permission bits (a COPY keeps them). */
  mode: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export type ContextSnapshot = Map<string, EntryIdentity | null>;

/** lstat calls in flight at once: enough to hide latency, few enough to stay far from EMFILE. */
const STAT_PARALLEL = 64;

export async function snapshotEntries(root: string, entries: ContextEntry[]): Promise<ContextSnapshot> {
  const out: ContextSnapshot = new Map();
  for (let i = 0; i < entries.length; i += STAT_PARALLEL) {
    const batch = entries.slice(i, i + STAT_PARALLEL);
    const stats = await Promise.all(batch.map((e) => identity(root, e)));
    batch.forEach((e, j) => out.set(e.path, stats[j] ?? null));
  }
  return out;
}

async function identity(root: string, entry: ContextEntry): Promise<EntryIdentity | null> {
  try {
    const st = await lstat(path.join(root, ...entry.path.split('/')));
    // A folder's own times move whenever an ignored file comes or goes: its kept children are compared instead.
    const mode = st.mode & 0o7777;
    if (entry.type === 'directory')
      return { type: entry.type, mode, ino: st.ino, size: 0, mtimeMs: 0, ctimeMs: 0 };
    return { type: entry.type, mode, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
  } catch {
    return null;
  }
}

/** The first difference between two snapshots, in words ("f/a.txt was removed"), or null when equal. */
export function firstChange(before: ContextSnapshot, after: ContextSnapshot): string | null {
  for (const [p, a] of before) {
    const b = after.get(p);
    if (!a || b === undefined || b === null) return `${p} was removed`;
    if (a.type !== b.type || a.ino !== b.ino) return `${p} was replaced`;
    if (a.size !== b.size || a.mtimeMs !== b.mtimeMs || a.ctimeMs !== b.ctimeMs) return `${p} changed`;
  }
  for (const p of after.keys()) if (!before.has(p)) return `${p} was added`;
  return null;
}

/** GNU tar's own words for a file that moved under it, with the path. */
const TAR_CHANGE_RE =
  /tar: (.+?): (Cannot stat: No such file or directory|file changed as we read it|File removed before we read it|File shrank by \d+ bytes.*)$/m;

/** A packer failure that is really the folder changing underneath it, in words; null for other failures. */
export function changeFromPackerError(root: string, err: Error): string | null {
  const m = TAR_CHANGE_RE.exec(err.message);
  if (m) return `${m[1]}: ${(m[2] ?? '').toLowerCase()}`;
  const { code, path: where } = err as NodeJS.ErrnoException;
  if (code !== 'ENOENT') return null;
  return where ? `${path.relative(root, where).split(path.sep).join('/')} was removed` : 'a file was removed';
}

export function contextChangedError(change: string): AppError {
  return new AppError('CONFLICT', `The build folder changed while it was being sent (${change}).`, {
    hint: 'Build again once nothing is writing to the folder (an editor saving, a tool writing output there), or list the changing files in .dockerignore.',
  });
}
