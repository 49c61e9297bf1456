import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isExcluded, mayContainExceptions, parseDockerignore, type IgnorePattern } from './dockerignore';

/**
 * The entries of a build context after `.dockerignore`, in walk order (a folder before its
 * contents, names sorted). Symlinks are listed as links and never followed; sockets, FIFOs and
 * devices are left out. The Dockerfile and .dockerignore are always included, as Docker does.
 */

export type ContextEntryType = 'file' | 'directory' | 'symlink';

export interface ContextEntry {
  /** Relative to the context root, posix separators, no trailing slash. */
  path: string;
  type: ContextEntryType;
}

export interface ContextListOptions {
  /** Dockerfile path relative to the context (posix); default 'Dockerfile'. */
  dockerfile?: string;
}

async function readIgnoreFile(contextDir: string): Promise<string> {
  try {
    return await readFile(path.join(contextDir, '.dockerignore'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Patterns from .dockerignore plus the exceptions that keep the build files in. */
export async function loadIgnorePatterns(
  contextDir: string,
  dockerfile = 'Dockerfile',
): Promise<IgnorePattern[]> {
  const text = await readIgnoreFile(contextDir);
  const df = path.posix.normalize(dockerfile.replace(/\\/g, '/'));
  return parseDockerignore(`${text}\n!.dockerignore\n!${df.replace(/[*?[\\]/g, '\\$&')}\n`);
}

export async function listContextEntries(
  contextDir: string,
  opts: ContextListOptions = {},
): Promise<ContextEntry[]> {
  const root = path.resolve(contextDir);
  const patterns = await loadIgnorePatterns(root, opts.dockerfile);
  const out: ContextEntry[] = [];
  // Excluded folders walked only for their exceptions are emitted lazily, before their first kept child.
  const emitted = new Set<string>();

  const emitParents = (rel: string) => {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!emitted.has(dir)) {
        emitted.add(dir);
        out.push({ path: dir, type: 'directory' });
      }
    }
  };

  const walk = async (relDir: string): Promise<void> => {
    const abs = relDir ? path.join(root, ...relDir.split('/')) : root;
    const dirents = await readdir(abs, { withFileTypes: true });
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const rel = relDir ? `${relDir}/${d.name}` : d.name;
      const type: ContextEntryType | null = d.isDirectory()
        ? 'directory'
        : d.isSymbolicLink()
          ? 'symlink'
          : d.isFile()
            ? 'file'
            : null;
      if (!type) continue;
      const excluded = isExcluded(patterns, rel);
      if (!excluded) {
        emitParents(rel);
        if (type === 'directory') emitted.add(rel);
        out.push({ path: rel, type });
      }
      if (type === 'directory' && (!excluded || mayContainExceptions(patterns, rel))) await walk(rel);
    }
  };

  await walk('');
  return out;
}

/** Paths of the files and symlinks sent (folders omitted). */
export async function listContextFiles(contextDir: string, opts: ContextListOptions = {}): Promise<string[]> {
  const entries = await listContextEntries(contextDir, opts);
  return entries.filter((e) => e.type !== 'directory').map((e) => e.path);
}
