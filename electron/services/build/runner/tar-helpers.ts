import type { Readable } from 'node:stream';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';

export type MemoryTarEntry =
  | { type: 'directory'; name: string; mode?: number }
  | { type: 'file'; name: string; content: Buffer; mode?: number };

/** A small tar built in memory (folders to create, config files): never touches the host disk. */
export function memoryTar(entries: MemoryTarEntry[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pack = tarPack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
    const mtime = new Date();
    for (const e of entries) {
      if (e.type === 'directory') {
        pack.entry({ name: e.name, type: 'directory', mode: e.mode ?? 0o755, uid: 0, gid: 0, mtime });
      } else {
        pack.entry({ name: e.name, type: 'file', mode: e.mode ?? 0o644, uid: 0, gid: 0, mtime }, e.content);
      }
    }
    pack.finalize();
  });
}

/**
 * Hands the first regular file of a tar stream (what getArchive returns for one path) to `use`
 * as a stream, and skips the rest. Resolves with `use`'s result once the whole tar was read.
 */
export function useFirstFileOfTar<T>(
  tar: Readable,
  use: (file: Readable, size: number) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const ex = tarExtract();
    let result: Promise<T> | null = null;
    ex.on('entry', (header, stream, next) => {
      stream.on('end', next);
      stream.on('error', reject);
      if (result === null && header.type === 'file') {
        result = use(stream as unknown as Readable, header.size ?? 0);
        result.catch(reject); // also when the tar breaks first: no rejection may go unhandled
      } else stream.resume();
    });
    ex.on('finish', () => {
      if (result === null) reject(new Error('the archive holds no file'));
      else result.then(resolve, reject);
    });
    ex.on('error', reject);
    tar.on('error', reject);
    tar.pipe(ex);
  });
}

export async function readAll(stream: Readable, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as string);
    size += b.length;
    if (size > maxBytes) throw new Error(`more than ${maxBytes} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * Hands every regular file of a tar stream (what getArchive returns for a folder) to `use`, by name
 * as stored in the tar; a file `use` does not take (returns undefined) is skipped. Resolves once the
 * whole tar was read and every `use` settled.
 */
export function forEachFileOfTar(
  tar: Readable,
  use: (name: string, file: Readable, size: number) => Promise<unknown> | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ex = tarExtract();
    const pending: Promise<unknown>[] = [];
    ex.on('entry', (header, stream, next) => {
      stream.on('end', next);
      stream.on('error', reject);
      const taken =
        header.type === 'file'
          ? use(header.name, stream as unknown as Readable, header.size ?? 0)
          : undefined;
      if (taken) {
        pending.push(taken);
        // A consumer failing after the tar broke (e.g. an image load whose engine died) still settles
        // this promise, and its rejection is never left unhandled.
        Promise.resolve(taken).catch(reject);
      } else stream.resume();
    });
    ex.on('finish', () => {
      Promise.all(pending).then(() => resolve(), reject);
    });
    ex.on('error', reject);
    tar.on('error', reject);
    tar.pipe(ex);
  });
}
