import type { BuildPlan } from '../../../shared/contract/build';
import type { BuildRequest } from '../../../shared/contract/build-request';
import { isLoopbackRegistry, normalizeRegistry } from '../../credentials/registry-host';
import { reachableFromContainer } from './build-network';
import { parseImageRef, type NormalizedRef } from './image-ref';

/**
 * Where Kaniko's layer cache lives. Desktop builds run with --no-push, so Kaniko wants an explicit
 * --cache-repo, and reading or writing a registry needs that registry's login inside the build container,
 * where every Dockerfile step can read it. So:
 *
 * - by default (local-only builds, and push builds unless the user says otherwise) the cache lives in the
 *   app's own registry container on this computer's loopback: no login exists for it, none goes in;
 * - a push build may keep it next to the image (`<destination repository>/cache`, editable) only when the
 *   user ticks "let the build container use my login for <registry>" (`cacheLogin`).
 *
 * Kaniko reads and writes the cache repository directly (its --registry-map covers base images only), so
 * a loopback cache repository is named by the address the container reaches it at (10.0.2.2:PORT).
 */
export type LayerCache =
  | { mode: 'off' }
  /** registry: the app's cache registry as the host sees it (127.0.0.1:PORT). */
  | { mode: 'app-registry'; registry: string; repo: string }
  /** registry: the cache repository's registry as the user named it (its login goes in). */
  | { mode: 'registry'; registry: string; repo: string };

export type LayerCacheResult =
  { ok: true; cache: LayerCache } | { ok: false; fields: Record<string, string> };

/** Planned before the app's cache registry has a port: the build re-plans once it runs. */
export const UNSTARTED_APP_REGISTRY = '127.0.0.1:0';

const CACHE_SUFFIX = 'cache';

/** The default cache repository of a destination: Kaniko's own default, `<repository>/cache`. */
export function defaultCacheRepo(destination: Pick<NormalizedRef, 'registry' | 'repository'>): string {
  return `${destination.registry}/${destination.repository}/${CACHE_SUFFIX}`;
}

/** A cache repository as the user typed it: a repository reference without tag or digest. */
export function checkCacheRepo(
  input: string,
): { ok: true; ref: NormalizedRef } | { ok: false; error: string } {
  const text = input.trim();
  if (text.includes('@'))
    return { ok: false, error: 'Leave out the digest: the cache repository is a repository.' };
  // The last path component carries the tag (a colon before the first slash is a port).
  if (text.slice(text.lastIndexOf('/') + 1).includes(':')) {
    return { ok: false, error: 'Leave out the tag: Kaniko tags the cache with each step’s key.' };
  }
  const parsed = parseImageRef(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  return { ok: true, ref: parsed.ref };
}

/**
 * The layer cache of a validated request. `appRegistry` is the app's cache registry (127.0.0.1:PORT) when
 * known; field errors go to `cacheRepo`.
 */
export function planLayerCache(
  req: Pick<BuildRequest, 'cache' | 'cacheRepo' | 'cacheLogin' | 'mode'>,
  destination: Pick<NormalizedRef, 'registry' | 'repository'> | undefined,
  appRegistry: string | null,
): LayerCacheResult {
  const typed = req.cacheRepo.trim();
  const inRegistry = req.cache && req.mode === 'push' && req.cacheLogin;
  if (typed && !inRegistry) {
    return {
      ok: false,
      fields: {
        cacheRepo:
          'A cache repository is used only by push builds that keep the cache in a registry with your login: tick that option, or clear this field.',
      },
    };
  }
  if (!req.cache) return { ok: true, cache: { mode: 'off' } };
  if (inRegistry) {
    // Without a valid destination there is no default to derive (its own field error says why).
    const repo = typed || (destination ? defaultCacheRepo(destination) : null);
    if (repo === null) return { ok: true, cache: { mode: 'off' } };
    const checked = checkCacheRepo(repo);
    if (!checked.ok) return { ok: false, fields: { cacheRepo: checked.error } };
    const { registry, repository } = checked.ref;
    const reachable = isLoopbackRegistry(registry) ? reachableFromContainer(registry) : registry;
    return { ok: true, cache: { mode: 'registry', registry, repo: `${reachable}/${repository}` } };
  }
  if (!destination) return { ok: true, cache: { mode: 'off' } };
  const registry = normalizeRegistry(appRegistry ?? UNSTARTED_APP_REGISTRY);
  return {
    ok: true,
    cache: {
      mode: 'app-registry',
      registry,
      repo: `${reachableFromContainer(registry)}/${destination.repository}/${CACHE_SUFFIX}`,
    },
  };
}

/** The registries the build container must reach for its cache (for the network plan). */
export function cacheRegistries(cache: LayerCache): string[] {
  return cache.mode === 'off' ? [] : [cache.registry];
}

/** The plan's cache entry, in words for "What runs and why". */
export function describeLayerCache(cache: LayerCache): BuildPlan['cache'] {
  if (cache.mode === 'off') {
    return { mode: 'off', repo: null, summary: 'No layer cache: every step runs.' };
  }
  if (cache.mode === 'app-registry') {
    const where =
      cache.registry === UNSTARTED_APP_REGISTRY
        ? "the app's cache registry on this computer's loopback (started with the build)"
        : `the app's cache registry on ${cache.registry}`;
    return {
      mode: 'app-registry',
      repo: cache.repo,
      summary: `Layer cache in ${where}: no login is needed, so none enters the build container.`,
    };
  }
  return {
    mode: 'registry',
    repo: cache.repo,
    summary: `Layer cache in ${cache.registry}: the build container gets your saved login for ${cache.registry} to read and write it, and Dockerfile steps can read that login.`,
  };
}

/**
 * Local builds whose cache is the app's registry send the image there too (Kaniko pushes it; the cached
 * layers are already there) and Podman pulls it back by digest: an unchanged rebuild then moves only
 * the manifest, config and changed layers instead of a whole tarball. Null for every other build.
 */
export function localOutputViaRegistry(
  cache: LayerCache,
  destinations: readonly Pick<NormalizedRef, 'repository' | 'tag'>[],
): { kanikoDestinations: string[]; pullFrom: string } | null {
  const first = destinations[0];
  if (cache.mode !== 'app-registry' || !first) return null;
  const reachable = reachableFromContainer(cache.registry);
  return {
    kanikoDestinations: destinations.map((d) => `${reachable}/${d.repository}:${d.tag ?? 'latest'}`),
    pullFrom: `${cache.registry}/${first.repository}`,
  };
}
