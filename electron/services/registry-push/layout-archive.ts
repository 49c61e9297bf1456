import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { extract as tarExtract } from 'tar-stream';
import { AppError } from '../../shared/errors';
import { readAll } from '../build/runner/tar-helpers';
import { sha256Hex, writeHashedFile } from './blob-digest';
import { readOciLayout, type OciImage } from './oci-layout';
import { pushErrors } from './push-errors';

/** The temp folders of built images on their way to a registry (push, Rebuild and compare). */
const LAYOUT_PREFIX = 'kd-oci-';

/** A folder untouched this long belongs to no running push: the app that made it crashed. */
export const STALE_LAYOUT_MS = 6 * 60 * 60 * 1000;

/**
 * Removes layout folders an app that crashed mid-push left in the temp folder (a built image each, often
 * hundreds of MB): run at start-up. Only this app's prefix, and only folders older than `olderThanMs`, so
 * another instance's push in progress is left alone. Returns the folders removed.
 */
export async function removeStaleLayoutFolders(
  tmpRoot = os.tmpdir(),
  olderThanMs = STALE_LAYOUT_MS,
  now = Date.now(),
): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(tmpRoot).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(LAYOUT_PREFIX))) {
    const dir = path.join(tmpRoot, name);
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory() || now - info.mtimeMs < olderThanMs) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/** index.json and oci-layout are small; anything bigger is not a layout Kaniko wrote. */
const MAX_META_BYTES = 1024 * 1024;

export interface ExtractedLayout {
  /** The private (0700) folder holding the layout. */
  dir: string;
  image: OciImage;
  /** Deletes the folder; safe to call twice. */
  dispose(): Promise<void>;
}

export interface ExtractOptions {
  /** Parent of the private folder (default: the OS temp folder). */
  tmpRoot?: string;
  signal?: AbortSignal;
  /** Names the registry in the cancel message. */
  registry?: string;
}

/**
 * Unpacks the tar stream of an OCI layout folder (what the engine's getArchive returns for
 * `<out>/oci`: entries `oci/index.json`, `oci/blobs/sha256/<hex>`…) into a new 0700 temp folder,
 * streaming each blob to disk while hashing it and refusing any blob whose content does not match its
 * name. Only oci-layout, index.json and blobs/sha256/<hex> are written (other entries, links included,
 * are skipped), so nothing can land outside the folder. On any failure the folder is removed.
 */
export async function extractOciLayoutArchive(
  tar: Readable,
  opts: ExtractOptions = {},
): Promise<ExtractedLayout> {
  const dir = await mkdtemp(path.join(opts.tmpRoot ?? os.tmpdir(), LAYOUT_PREFIX));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const extract = tarExtract();
  const onAbort = () => {
    tar.destroy();
    extract.destroy();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  tar.on('error', (err) => extract.destroy(err));
  try {
    await chmod(dir, 0o700);
    await mkdir(path.join(dir, 'blobs', 'sha256'), { recursive: true, mode: 0o700 });
    tar.pipe(extract);
    for await (const entry of extract) {
      const target = entry.header.type === 'file' ? layoutTarget(entry.header.name) : null;
      if (!target) {
        entry.resume();
        continue;
      }
      if (target.kind === 'meta') {
        await writeMeta(entry as unknown as Readable, path.join(dir, target.name));
        continue;
      }
      const file = path.join(dir, 'blobs', 'sha256', target.hex);
      if (existsSync(file)) {
        // A second copy of a blob in the tar is harmless: keep the first (it was verified).
        entry.resume();
        continue;
      }
      const got = await writeHashedFile(entry as AsyncIterable<Uint8Array>, file);
      if (got.digest !== `sha256:${target.hex}`) {
        throw pushErrors.badLayout(
          `blob sha256:${target.hex} does not match its digest (its content is ${got.digest})`,
        );
      }
    }
    if (opts.signal?.aborted) throw pushErrors.cancelled(opts.registry ?? 'the registry');
    const image = await readOciLayout(dir, { verifyBlobs: false, signal: opts.signal });
    return { dir, image, dispose };
  } catch (err) {
    tar.destroy();
    await dispose();
    if (opts.signal?.aborted) throw pushErrors.cancelled(opts.registry ?? 'the registry');
    if (err instanceof AppError) throw err;
    throw pushErrors.badLayout(`reading the build output failed (${(err as Error).message ?? String(err)})`);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

type LayoutTarget = { kind: 'meta'; name: 'oci-layout' | 'index.json' } | { kind: 'blob'; hex: string };

/**
 * Where a tar entry belongs in the layout, or null to skip it. getArchive prefixes every name with the
 * folder's own name (`oci/…`); a tar of the folder's content has no prefix.
 */
export function layoutTarget(name: string): LayoutTarget | null {
  const parts = name.replace(/^\.\//, '').split('/').filter(Boolean);
  if (parts.length > 0 && !['oci-layout', 'index.json', 'blobs'].includes(parts[0] as string)) parts.shift();
  const [first, second, third] = parts;
  if (parts.length === 1 && (first === 'oci-layout' || first === 'index.json')) {
    return { kind: 'meta', name: first };
  }
  if (parts.length === 3 && first === 'blobs' && second === 'sha256' && sha256Hex(`sha256:${third}`)) {
    return { kind: 'blob', hex: third as string };
  }
  return null;
}

async function writeMeta(entry: Readable, file: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readAll(entry, MAX_META_BYTES);
  } catch {
    throw pushErrors.badLayout(`${path.basename(file)} is larger than ${MAX_META_BYTES} bytes`);
  }
  await writeHashedFile([bytes], file);
}
