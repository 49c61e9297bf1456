import type { Handlers } from '../../core/dispatcher';
import type { SettingsService } from '../../services/settings/settings-service';

export function settingsHandlers(
  settings: SettingsService,
): Pick<Handlers, 'settings.get' | 'settings.update' | 'settings.reset'> {
  return {
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => settings.update(patch),
    'settings.reset': async () => settings.reset(),
  };
}
