import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** The only digest algorithm Kaniko, Podman and registries use for image content. */
const SHA256_DIGEST = /^sha256:([a-f0-9]{64})$/;

/** The hex part of a `sha256:<64 hex>` digest, or null for anything else. */
export function sha256Hex(digest: string): string | null {
  return SHA256_DIGEST.exec(digest)?.[1] ?? null;
}

export interface HashedContent {
  /** `sha256:<hex>` of the bytes read. */
  digest: string;
  size: number;
}

/** sha256 of a file, read as a stream (blobs can be gigabytes). */
export async function hashFile(file: string, signal?: AbortSignal): Promise<HashedContent> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { signal })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

/**
 * Writes chunks to a new file (mode 0600, never overwriting) while hashing them, one chunk in memory at
 * a time. The caller compares the digest with the name it expected.
 */
export async function writeHashedFile(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file: string,
): Promise<HashedContent> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(file, 'wx', 0o600);
  try {
    for await (const chunk of chunks) {
      hash.update(chunk);
      size += chunk.length;
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}
