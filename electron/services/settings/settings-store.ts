import Conf from 'conf';

/**
 * Where the settings document is kept. Desktop: electron-store (electron/glue/settings-store.ts);
 * browser mode and tests: `conf` with a file in a folder we choose. Both are the same library family.
 */
export interface SettingsStore {
  /** The stored document as it is on disk (unvalidated; {} when there is none). */
  read(): unknown;
  write(doc: Record<string, unknown>): void;
  /** The file, for the UI and for tests. */
  readonly path: string;
}

export const SETTINGS_FILE_NAME = 'settings';

/** Anything with conf's whole-store accessors (conf and electron-store both qualify). */
export interface WholeStore {
  store: Record<string, unknown>;
  readonly path: string;
}

export function storeFromConf(conf: WholeStore): SettingsStore {
  return {
    read: () => conf.store,
    write: (doc) => {
      conf.store = doc;
    },
    get path() {
      return conf.path;
    },
  };
}

/** A settings file `settings.json` in `dir`, readable only by the user. */
export function createConfSettingsStore(dir: string): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: SETTINGS_FILE_NAME,
    configFileMode: 0o600,
    // A hand-edited file with a typo must not be wiped: validation happens in SettingsService instead.
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    watch: false,
  });
  return storeFromConf(conf);
}
