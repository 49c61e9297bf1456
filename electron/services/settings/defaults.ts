import { SETTINGS_VERSION, type Settings } from '../../shared/contract/settings';
import { DEFAULT_EXECUTOR_IMAGE } from '../../shared/executor-release';

// Pinned to a release so builds do not change under the user; the user can pick another in Settings.
export { DEFAULT_EXECUTOR_IMAGE };
/** The Distribution registry's official image: the layer cache registry builds use on loopback. */
export const DEFAULT_CACHE_REGISTRY_IMAGE = 'docker.io/library/registry:2';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  engineSocket: null,
  machineName: null,
  executorImage: DEFAULT_EXECUTOR_IMAGE,
  cacheRegistryImage: DEFAULT_CACHE_REGISTRY_IMAGE,
  defaults: { registry: 'docker.io', repository: 'kaniko-nginx', tag: 'latest' },
  lastContextFolder: null,
  theme: 'system',
  preview: { hostPort: 8080, containerPort: 8080 },
  logLineLimit: 100_000,
  windowBounds: null,
  baseImageCache: true,
});

/** A fresh, mutable copy of the defaults. */
export function defaultSettings(): Settings {
  return structuredClone(DEFAULT_SETTINGS) as Settings;
}
