import { SETTINGS_VERSION, type Settings } from '../../shared/contract/settings';

/**
 * The maintained community fork of Kaniko (GoogleContainerTools/kaniko was archived in June 2025),
 * pinned to a release so builds do not change under the user; the user can pick another in Settings.
 */
export const DEFAULT_EXECUTOR_IMAGE = 'ghcr.io/osscontainertools/kaniko:v1.28.5';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  engineSocket: null,
  machineName: null,
  executorImage: DEFAULT_EXECUTOR_IMAGE,
  defaults: { registry: 'docker.io', repository: 'kaniko-nginx', tag: 'latest' },
  lastContextFolder: null,
  theme: 'system',
  preview: { hostPort: 8080, containerPort: 8080 },
  logLineLimit: 100_000,
  windowBounds: null,
});

/** A fresh, mutable copy of the defaults. */
export function defaultSettings(): Settings {
  return structuredClone(DEFAULT_SETTINGS) as Settings;
}
