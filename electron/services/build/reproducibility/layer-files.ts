import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import type { FileFacts } from '../../../shared/contract/reproducibility';
import { AppError } from '../../../shared/errors';
import type { LayerFiles } from './image-diff';

/** More entries than any real layer has; the facts of one entry take a few hundred bytes. */
export const MAX_LAYER_ENTRIES = 500_000;

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/**
 * The entries of a layer tar stream by path, each file's content hashed as it streams by: only one
 * chunk of the layer is in memory at a time, whatever its size.
 */
export async function readTarFiles(tar: Readable, signal?: AbortSignal): Promise<LayerFiles> {
  const cancelled = () => new AppError('CANCELLED', 'The comparison was cancelled.');
  if (signal?.aborted) throw cancelled();
  const files = new Map<string, FileFacts>();
  const extract = tarExtract();
  const onAbort = () => extract.destroy(cancelled());
  signal?.addEventListener('abort', onAbort, { once: true });
  tar.on('error', (err) => extract.destroy(err));
  tar.pipe(extract);
  try {
    for await (const entry of extract) {
      const h = entry.header;
      let sha256: string | null = null;
      if (h.type === 'file' || h.type === 'contiguous-file') {
        const hash = createHash('sha256');
        for await (const chunk of entry) hash.update(chunk as Buffer);
        sha256 = hash.digest('hex');
      } else entry.resume();
      // A later entry for the same path replaces the earlier one, as when the layer is unpacked.
      files.set(normalPath(h.name), {
        type: h.type ?? 'file',
        size: h.size ?? 0,
        mode: (h.mode ?? 0) & 0o7777,
        uid: h.uid ?? 0,
        gid: h.gid ?? 0,
        mtime: h.mtime ? Math.floor(h.mtime.getTime() / 1000) : 0,
        sha256,
        linkname: h.linkname ?? null,
      });
      if (files.size > MAX_LAYER_ENTRIES) {
        throw new AppError('UNAVAILABLE', `A layer has more than ${MAX_LAYER_ENTRIES} entries.`);
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    tar.unpipe(extract);
  }
  return files;
}

/** The entries of a layer blob on disk: gzip-compressed (what Kaniko writes) or a plain tar. */
export async function readLayerBlob(file: string, signal?: AbortSignal): Promise<LayerFiles> {
  const head = await firstBytes(file, 4);
  if (startsWith(head, ZSTD_MAGIC)) {
    throw new AppError('UNAVAILABLE', 'A layer is zstd-compressed, which the comparison cannot read.');
  }
  const source = createReadStream(file);
  try {
    if (!startsWith(head, GZIP_MAGIC)) return await readTarFiles(source, signal);
    const gunzip = createGunzip();
    source.on('error', (err) => gunzip.destroy(err));
    source.pipe(gunzip);
    return await readTarFiles(gunzip, signal);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('UNAVAILABLE', `A layer could not be read as a tar archive (${String(err)}).`);
  } finally {
    source.destroy();
  }
}

/** `./usr/bin/`, `/usr/bin` and `usr/bin` are one path. */
export function normalPath(name: string): string {
  return name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '') || '.';
}

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function startsWith(buf: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => buf[i] === b);
}
