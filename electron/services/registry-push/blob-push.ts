import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { LayoutBlob } from './oci-layout';
import { pushErrors, type PushPhase } from './push-errors';
import type { PushHttp, RequestBody } from './push-http';
import type { PushSession } from './push-session';

export interface BlobProgress {
  kind: 'blob';
  digest: string;
  size: number;
  /** Bytes of this blob the registry has (all of them once state is 'exists' or 'uploaded'). */
  sent: number;
  state: 'exists' | 'uploading' | 'uploaded';
}

interface BlobTarget {
  http: PushHttp;
  session: PushSession;
  repository: string;
  onProgress: (p: BlobProgress) => void;
}

/** Read size per chunk: large enough for throughput, small enough for smooth progress and quick cancel. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Makes sure the registry has one blob: HEAD it (present → skipped), else open an upload (POST) and
 * PUT the whole file with its Content-Length and `?digest=` in one request, streamed from disk. A
 * failed PUT is retried on a fresh upload, since a broken one may hold part of the bytes.
 */
export async function pushBlob(t: BlobTarget, blob: LayoutBlob): Promise<'exists' | 'uploaded'> {
  const report = (sent: number, state: BlobProgress['state']) =>
    t.onProgress({ kind: 'blob', digest: blob.digest, size: blob.size, sent, state });

  if (await blobExists(t, blob.digest)) {
    report(blob.size, 'exists');
    return 'exists';
  }
  report(0, 'uploading');
  const body: RequestBody = {
    length: blob.size,
    open: (tick) => {
      let sent = 0;
      const chunks = async function* () {
        for await (const chunk of createReadStream(blob.file, { highWaterMark: CHUNK_BYTES })) {
          const bytes = chunk as Buffer;
          sent += bytes.length;
          tick(bytes.length);
          report(sent, 'uploading');
          yield bytes;
        }
      };
      return Readable.from(chunks());
    },
  };
  const res = await t.session.call({
    method: 'PUT',
    url: withDigest(await startUpload(t), blob.digest),
    phase: 'blob upload',
    headers: { 'content-type': 'application/octet-stream' },
    body,
    readBody: true,
    reopen: async () => withDigest(await startUpload(t), blob.digest),
  });
  if (res.status !== 201 && res.status !== 204) {
    throw await unexpected(t.http, 'blob upload', res, `for ${blob.digest}`);
  }
  const stored = res.headers.get('docker-content-digest');
  if (stored && stored !== blob.digest) {
    throw pushErrors.failed(t.http.registry, 'blob upload', `it stored ${blob.digest} as ${stored}`);
  }
  report(blob.size, 'uploaded');
  return 'uploaded';
}

async function blobExists(t: BlobTarget, digest: string): Promise<boolean> {
  const res = await t.session.call({
    method: 'HEAD',
    url: `/v2/${t.repository}/blobs/${digest}`,
    phase: 'blob check',
  });
  // Some registries answer an existing blob with a redirect to their storage.
  if (res.status === 200 || (res.status >= 300 && res.status < 400)) return true;
  if (res.status === 404) return false;
  throw await unexpected(t.http, 'blob check', res, `for ${digest}`);
}

/** POST /blobs/uploads/ → the upload's Location (absolute). */
async function startUpload(t: BlobTarget): Promise<string> {
  const res = await t.session.call({
    method: 'POST',
    url: `/v2/${t.repository}/blobs/uploads/`,
    phase: 'blob upload',
    readBody: true,
  });
  const location = res.headers.get('location');
  if (res.status !== 202 || !location) {
    throw await unexpected(t.http, 'blob upload', res, 'when opening an upload');
  }
  return t.http.resolve(location);
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  return url.toString();
}

/** A status that is neither success nor retryable: name it with the registry's own words. */
export async function unexpected(
  http: PushHttp,
  phase: PushPhase,
  res: Response,
  what: string,
): Promise<Error> {
  const body = (await res.json().catch(() => null)) as {
    errors?: { code?: unknown; message?: unknown }[];
  } | null;
  const first = body?.errors?.[0];
  const words = [first?.code, first?.message].filter((w): w is string => typeof w === 'string').join(': ');
  const detail = words ? ` (${http.redact(words)})` : '';
  return pushErrors.failed(http.registry, phase, `HTTP ${res.status} ${what}${detail}`);
}
