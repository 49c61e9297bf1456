import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { hashFile, sha256Hex } from './blob-digest';
import { pushErrors } from './push-errors';

/** Manifest media types a single-image push accepts: Kaniko writes Docker v2s2 or OCI, Podman OCI. */
export const MANIFEST_MEDIA_TYPES = {
  oci: 'application/vnd.oci.image.manifest.v1+json',
  docker: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;
const INDEX_MEDIA_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);
/** The registry's own limit for a manifest (distribution refuses larger ones). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_INDEX_BYTES = 1024 * 1024;

export interface LayoutBlob {
  digest: string;
  size: number;
  mediaType: string;
  /** Absolute path of the blob in the layout. */
  file: string;
}

export interface OciImage {
  /** The manifest exactly as built: its bytes are pushed unchanged, so the digest stays the same. */
  manifest: { digest: string; mediaType: string; size: number; bytes: Buffer };
  /** Config first, then the layers in order; foreign layers that are not in the layout are left out. */
  blobs: LayoutBlob[];
}

export interface ReadLayoutOptions {
  /** Re-hash every blob (default true); false when the blobs were verified as they were written. */
  verifyBlobs?: boolean;
  signal?: AbortSignal;
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
}

/**
 * Reads an OCI image layout (oci-layout, index.json, blobs/sha256/*) holding one image manifest, checks
 * that every blob the manifest needs is there with the right size and digest, and returns what a push
 * sends. Throws VALIDATION with the reason for anything else (image index, missing or damaged blob).
 */
export async function readOciLayout(dir: string, opts: ReadLayoutOptions = {}): Promise<OciImage> {
  const marker = await readJson(path.join(dir, 'oci-layout'), 'oci-layout', MAX_INDEX_BYTES);
  if (typeof marker.imageLayoutVersion !== 'string') {
    throw pushErrors.badLayout('oci-layout has no imageLayoutVersion');
  }
  const index = await readJson(path.join(dir, 'index.json'), 'index.json', MAX_INDEX_BYTES);
  const entry = singleManifest(index);
  const bytes = await readBlobBytes(dir, entry);
  const manifest = parseJson(bytes, `manifest ${entry.digest}`);
  const mediaType = manifestMediaType(manifest, entry.mediaType);

  const config = descriptor(manifest.config, 'the manifest config');
  if (!Array.isArray(manifest.layers)) throw pushErrors.badLayout('the manifest lists no layers');
  const layers = manifest.layers.map((l, i) => descriptor(l, `layer ${i + 1}`));
  const blobs: LayoutBlob[] = [];
  for (const d of [config, ...layers]) {
    const blob = await localBlob(dir, d);
    if (!blob) continue;
    if (opts.verifyBlobs !== false) await verifyBlob(blob, opts.signal);
    if (!blobs.some((b) => b.digest === blob.digest)) blobs.push(blob);
  }
  return { manifest: { digest: entry.digest, mediaType, size: bytes.length, bytes }, blobs };
}

/** Hashes a blob file and compares it with its name and the size the manifest gives. */
export async function verifyBlob(blob: LayoutBlob, signal?: AbortSignal): Promise<void> {
  const got = await hashFile(blob.file, signal);
  if (got.digest !== blob.digest) {
    throw pushErrors.badLayout(
      `blob ${blob.digest} does not match its digest (its content is ${got.digest})`,
    );
  }
  if (got.size !== blob.size) {
    throw pushErrors.badLayout(`blob ${blob.digest} has ${got.size} bytes, the manifest says ${blob.size}`);
  }
}

function singleManifest(index: Record<string, unknown>): Descriptor {
  if (!Array.isArray(index.manifests) || index.manifests.length === 0) {
    throw pushErrors.badLayout('index.json lists no image');
  }
  const entries = index.manifests.map((m, i) => descriptor(m, `index.json entry ${i + 1}`));
  const digests = new Set(entries.map((e) => e.digest));
  if (digests.size > 1) {
    throw pushErrors.badLayout(`index.json lists ${digests.size} images; exactly one is expected`);
  }
  const entry = entries[0] as Descriptor;
  if (INDEX_MEDIA_TYPES.has(entry.mediaType)) {
    throw pushErrors.badLayout('it is a multi-platform image index; only a single image can be pushed');
  }
  return entry;
}

function manifestMediaType(manifest: Record<string, unknown>, fromIndex: string): string {
  const own = typeof manifest.mediaType === 'string' ? manifest.mediaType : null;
  // An OCI manifest may omit its mediaType; the index entry then says what it is.
  const mediaType = own ?? fromIndex;
  if (own && fromIndex && own !== fromIndex) {
    throw pushErrors.badLayout(`index.json calls the manifest ${fromIndex}, the manifest says ${own}`);
  }
  if (INDEX_MEDIA_TYPES.has(mediaType)) {
    throw pushErrors.badLayout('it is a multi-platform image index; only a single image can be pushed');
  }
  if (mediaType !== MANIFEST_MEDIA_TYPES.oci && mediaType !== MANIFEST_MEDIA_TYPES.docker) {
    throw pushErrors.badLayout(`its manifest type ${mediaType.slice(0, 100) || '(none)'} is not supported`);
  }
  if (manifest.schemaVersion !== 2) throw pushErrors.badLayout('the manifest is not schema version 2');
  return mediaType;
}

function descriptor(value: unknown, what: string): Descriptor {
  const d = (value ?? {}) as Record<string, unknown>;
  if (typeof d.digest !== 'string' || !sha256Hex(d.digest)) {
    throw pushErrors.badLayout(`${what} has no sha256 digest`);
  }
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw pushErrors.badLayout(`${what} has no valid size`);
  }
  const urls = Array.isArray(d.urls) ? d.urls.filter((u): u is string => typeof u === 'string') : [];
  return {
    digest: d.digest,
    size: d.size,
    mediaType: typeof d.mediaType === 'string' ? d.mediaType : '',
    ...(urls.length > 0 ? { urls } : {}),
  };
}

/** The blob's file, or null for a foreign layer (fetched by the registry's clients from its URLs). */
async function localBlob(dir: string, d: Descriptor): Promise<LayoutBlob | null> {
  const file = blobPath(dir, d.digest);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (d.urls || /foreign|nondistributable/.test(d.mediaType)) return null;
    throw pushErrors.badLayout(`blob ${d.digest} is missing from the layout`);
  }
  if (info.size !== d.size) {
    throw pushErrors.badLayout(`blob ${d.digest} has ${info.size} bytes, the manifest says ${d.size}`);
  }
  return { digest: d.digest, size: d.size, mediaType: d.mediaType, file };
}

export function blobPath(dir: string, digest: string): string {
  return path.join(dir, 'blobs', 'sha256', sha256Hex(digest) ?? 'invalid');
}

async function readBlobBytes(dir: string, d: Descriptor): Promise<Buffer> {
  if (d.size > MAX_MANIFEST_BYTES) throw pushErrors.badLayout(`the manifest is larger than 4 MiB`);
  const bytes = await readFile(blobPath(dir, d.digest)).catch(() => null);
  if (!bytes) throw pushErrors.badLayout(`the manifest ${d.digest} is missing from the layout`);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (digest !== d.digest) {
    throw pushErrors.badLayout(
      `the manifest does not match its digest ${d.digest} (its content is ${digest})`,
    );
  }
  if (bytes.length !== d.size) {
    throw pushErrors.badLayout(`the manifest has ${bytes.length} bytes, index.json says ${d.size}`);
  }
  return bytes;
}

async function readJson(file: string, what: string, maxBytes: number): Promise<Record<string, unknown>> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw pushErrors.badLayout(`${what} is missing (not an OCI image layout)`);
  if (info.size > maxBytes) throw pushErrors.badLayout(`${what} is larger than ${maxBytes} bytes`);
  return parseJson(await readFile(file), what);
}

function parseJson(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw pushErrors.badLayout(`${what} is not valid JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw pushErrors.badLayout(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
