import type { BaseImageCachePlan } from '../../../shared/contract/build';
import { registryMapArgs, type BuildNetwork } from './build-network';

/**
 * The base-image cache: a Podman volume the app owns, filled by Kaniko's warmer (`/kaniko/warmer`, in
 * the executor image) and read by the executor through `--cache-dir`. Entries are keyed by the image's
 * digest, which the executor resolves from the registry at each build (a manifest request, no layer
 * download), so a tag that moved is fetched afresh and an entry never goes stale.
 */

/** Where the volume is mounted in both containers (Kaniko's own default for --cache-dir). */
export const BASE_CACHE_PATH = '/cache';
/**
 * How long an entry counts (Kaniko's default is two weeks). Entries are digests, never stale; and the
 * warmer does not replace an expired entry (it only reports "already in cache"), so a short TTL would
 * end the cache's use for that image for good. Clear in Settings empties it.
 */
export const BASE_CACHE_TTL = '8760h';
/**
 * Kaniko v1.24 reads --cache-dir only with --cache=true, and --cache=true with --no-push wants a cache
 * repository. When the layer cache is off, this one is named but never used: no step is looked up or
 * stored (--cache-run-layers=false, --cache-copy-layers=false, --no-push-cache).
 */
export const UNUSED_LAYER_CACHE_REPO = 'oci:/kaniko/layer-cache-unused';

export function baseCacheVolumeName(installId: string): string {
  return `kaniko-desktop-base-images-${installId.slice(0, 12)}`;
}

/** The warmer's arguments: every image, the cache folder, and the same registry map as the executor. */
export function warmerArgs(images: readonly string[], network: BuildNetwork): string[] {
  return [
    `--cache-dir=${BASE_CACHE_PATH}`,
    `--cache-ttl=${BASE_CACHE_TTL}`,
    ...images.map((image) => `--image=${image}`),
    ...registryMapArgs(network),
    '--log-format=json',
  ];
}

/**
 * The executor's flags for reading the cache. `layerCache` says whether the build already runs with
 * Kaniko's layer cache (--cache=true and its own --cache-repo); otherwise the cache is switched on for
 * base images only.
 */
export function baseCacheExecutorArgs(layerCache: boolean, existing: readonly string[]): string[] {
  const args = [`--cache-dir=${BASE_CACHE_PATH}`, `--cache-ttl=${BASE_CACHE_TTL}`];
  if (!layerCache) {
    args.push(
      '--cache=true',
      `--cache-repo=${UNUSED_LAYER_CACHE_REPO}`,
      '--cache-run-layers=false',
      '--cache-copy-layers=false',
    );
    if (!existing.includes('--no-push-cache')) args.push('--no-push-cache');
  }
  return args;
}

/** The cache's part of a build plan, or null when the setting is off or no FROM image can be cached. */
export function planBaseImageCache(input: {
  enabled: boolean;
  volume: string;
  images: readonly string[];
  network: BuildNetwork;
}): BaseImageCachePlan | null {
  if (!input.enabled || input.images.length === 0) return null;
  const images = [...input.images];
  return {
    volume: input.volume,
    path: BASE_CACHE_PATH,
    images,
    warmerArgs: warmerArgs(images, input.network),
    summary:
      `Keeps base images between builds, so a rebuild does not download them again. Before the build ` +
      `Kaniko's warmer (no capabilities, same network and logins) stores ${images.join(', ')} in it unless ` +
      `already there; the executor gets it read-only, so no Dockerfile step can change the cache.`,
  };
}
