import Store from 'electron-store';
import { SETTINGS_FILE_NAME, storeFromConf, type SettingsStore } from '../services/settings/settings-store';

/** Desktop settings: electron-store's settings.json in Electron's userData folder (main process only). */
export function createElectronSettingsStore(): SettingsStore {
  const store = new Store<Record<string, unknown>>({
    name: SETTINGS_FILE_NAME,
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
  });
  return storeFromConf(store);
}
