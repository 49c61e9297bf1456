import type { FileAttribute, FileDifference, FileFacts } from '../../../shared/contract/reproducibility';

/** A layer's entries by path (what readLayerFiles returns). */
export type LayerFiles = ReadonlyMap<string, FileFacts>;

/** Differing files kept per layer in a report; the rest are counted. */
export const FILES_PER_LAYER = 50;

/** Which attributes of one path differ between the two layers, in a fixed order. */
export function differingAttributes(a: FileFacts, b: FileFacts): FileAttribute[] {
  const out: FileAttribute[] = [];
  if (a.type !== b.type) out.push('type');
  if (a.size !== b.size) out.push('size');
  if (a.mode !== b.mode) out.push('mode');
  if (a.uid !== b.uid || a.gid !== b.gid) out.push('owner');
  if (a.mtime !== b.mtime) out.push('mtime');
  if (a.sha256 !== b.sha256) out.push('content');
  if (a.linkname !== b.linkname) out.push('link');
  return out;
}

/**
 * The paths that differ between the same layer of two builds (added, removed, changed), sorted by
 * path; at most `limit` of them are returned, `moreFiles` counts the rest.
 */
export function diffLayerFiles(
  a: LayerFiles,
  b: LayerFiles,
  limit = FILES_PER_LAYER,
): { files: FileDifference[]; moreFiles: number } {
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const files: FileDifference[] = [];
  let total = 0;
  for (const path of paths) {
    const fa = a.get(path) ?? null;
    const fb = b.get(path) ?? null;
    let diff: FileDifference | null = null;
    if (fa && fb) {
      const differences = differingAttributes(fa, fb);
      if (differences.length > 0) diff = { path, change: 'changed', differences, a: fa, b: fb };
    } else {
      diff = { path, change: fa ? 'removed' : 'added', differences: [], a: fa, b: fb };
    }
    if (!diff) continue;
    total++;
    if (files.length < limit) files.push(diff);
  }
  return { files, moreFiles: total - files.length };
}

/**
 * The image config fields that differ: top-level ones by name, and inside `config` (Env, Cmd,
 * Labels, …) as `config.<name>`, so the reader sees e.g. `created` or `rootfs` rather than "the
 * config differs".
 */
export function configDifferences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const va = a[key];
    const vb = b[key];
    if (key === 'config' && isObject(va) && isObject(vb)) {
      for (const inner of configDifferences(va, vb)) out.push(`config.${inner}`);
    } else if (JSON.stringify(va) !== JSON.stringify(vb)) out.push(key);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
