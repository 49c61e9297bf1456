import type Docker from 'dockerode';
import { BASE_CACHE_PATH } from '../logic/base-image-cache';
import { memoryTar } from './tar-helpers';

/**
 * Kaniko 1.24 keeps beside each cached base image (`/cache/<digest>`, a tarball) the registry's manifest
 * (`<digest>.json`). Building on the cached image, it takes that manifest (often OCI) while the layers it
 * adds get Docker media types, and registries refuse the mix on push (MANIFEST_INVALID). With the file
 * empty, Kaniko cannot parse it (it logs that at debug level only) and uses the tarball's own manifest,
 * whose types agree; the layers and the config are the same bytes.
 *
 * Run on the warmer's container once it exited (the volume is still mounted there). Returns whether
 * every image is in the cache under the digest given: when one is not (the registry named another image
 * than Kaniko chose), the executor must not get the cache.
 */
export async function emptyCachedManifests(
  container: Docker.Container,
  digests: readonly string[],
): Promise<boolean> {
  for (const digest of digests) {
    try {
      await container.infoArchive({ path: `${BASE_CACHE_PATH}/${digest}` });
    } catch {
      return false;
    }
  }
  const entries = digests.map((d) => ({
    type: 'file' as const,
    name: `${d}.json`,
    content: Buffer.alloc(0),
    mode: 0o644,
  }));
  await container.putArchive(await memoryTar(entries), { path: BASE_CACHE_PATH });
  return true;
}

/**
 * Whether every image is already in the cache under its digest with its manifest file emptied: then the
 * warmer has nothing to do and is not started (it would cost a container run, ~0.7 s, on every build).
 * Reads file stats only (HEAD of the archive endpoint) on the created, not started, warmer container.
 */
export async function alreadyPrepared(
  container: Docker.Container,
  digests: readonly string[],
): Promise<boolean> {
  for (const digest of digests) {
    const image = await pathStat(container, `${BASE_CACHE_PATH}/${digest}`);
    const manifest = await pathStat(container, `${BASE_CACHE_PATH}/${digest}.json`);
    if (!image || image.size === 0 || !manifest || manifest.size !== 0) return false;
  }
  return digests.length > 0;
}

async function pathStat(container: Docker.Container, path: string): Promise<{ size: number } | null> {
  try {
    const res = (await container.infoArchive({ path })) as {
      headers?: Record<string, unknown>;
      resume?: () => void;
    };
    res.resume?.();
    const header = res.headers?.['x-docker-container-path-stat'];
    if (typeof header !== 'string') return null;
    const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { size?: unknown };
    return typeof stat.size === 'number' ? { size: stat.size } : null;
  } catch {
    return null;
  }
}
