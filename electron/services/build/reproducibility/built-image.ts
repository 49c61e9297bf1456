import type Docker from 'dockerode';
import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../../../shared/errors';
import { extractOciLayoutArchive } from '../../registry-push/layout-archive';
import { blobPath } from '../../registry-push/oci-layout';
import { OCI_LAYOUT_DIR } from '../runner/container-files';

export interface BuiltLayer {
  digest: string;
  /** The (compressed) blob on the host. */
  file: string;
}

/** One rebuilt image, copied out of its exited build container into a private temp folder. */
export interface BuiltImage {
  /** The manifest digest: the image digest a registry would report. */
  digest: string;
  config: Record<string, unknown>;
  /** In manifest order. */
  layers: BuiltLayer[];
  /** Deletes the temp folder; safe to call twice. */
  dispose(): Promise<void>;
}

const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/**
 * Streams the OCI layout Kaniko wrote (`--oci-layout-path`) out of the exited container into a 0700
 * temp folder (every blob checked against its digest on the way), and reads its manifest and config.
 */
export async function readBuiltImage(
  container: Docker.Container,
  signal: AbortSignal,
  tmpRoot?: string,
): Promise<BuiltImage> {
  const layout = await extractWithRetry(container, signal, tmpRoot);
  try {
    const manifest = JSON.parse(layout.image.manifest.bytes.toString('utf8')) as {
      config?: { digest?: string };
      layers?: { digest?: string }[];
    };
    const configDigest = manifest.config?.digest ?? '';
    const configFile = blobPath(layout.dir, configDigest);
    if ((await stat(configFile)).size > MAX_CONFIG_BYTES) throw unreadable('its config is larger than 8 MiB');
    const configBytes = await readFile(configFile);
    const config = JSON.parse(configBytes.toString('utf8')) as Record<string, unknown>;
    const layers = (manifest.layers ?? []).map((l) => {
      const digest = l.digest ?? '';
      return { digest, file: blobPath(layout.dir, digest) };
    });
    return { digest: layout.image.manifest.digest, config, layers, dispose: layout.dispose };
  } catch (err) {
    await layout.dispose();
    throw err instanceof AppError ? err : unreadable((err as Error).message);
  }
}

/**
 * Right after the exit Podman sometimes answers a folder read with the folder but none of its files
 * (the local build's output read sees the same); the read is tried again a few times.
 */
async function extractWithRetry(container: Docker.Container, signal: AbortSignal, tmpRoot?: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      const tar = (await container.getArchive({ path: OCI_LAYOUT_DIR })) as unknown as Readable;
      return await extractOciLayoutArchive(tar, { signal, ...(tmpRoot ? { tmpRoot } : {}) });
    } catch (err) {
      if (signal.aborted) throw new AppError('CANCELLED', 'The comparison was cancelled.');
      const missing = err instanceof AppError && /is missing/.test(err.message);
      if (!missing || attempt >= 3) {
        const why = err instanceof Error ? err.message : String(err);
        throw unreadable(why.replace(/^The built image cannot be pushed: /, ''));
      }
      await new Promise((r) => setTimeout(r, 150 * (attempt + 1)));
    }
  }
}

function unreadable(why: string): AppError {
  return new AppError('INTERNAL', `The rebuilt image could not be read: ${why}`, {
    hint: 'Run "Rebuild and compare" again; if it keeps failing, the build log above says more.',
  });
}
