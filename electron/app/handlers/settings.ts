import type { Handlers } from '../../core/dispatcher';
import { DEFAULT_EXECUTOR_IMAGE } from '../../services/settings/defaults';
import type { SettingsService } from '../../services/settings/settings-service';
import type { Approvals } from '../confirm';
import { approveEngineAddress, approveExecutorImage } from '../credential-targets';

export function settingsHandlers(
  settings: SettingsService,
  approvals: Approvals,
): Pick<Handlers, 'settings.get' | 'settings.update' | 'settings.reset'> {
  return {
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      // Where push credentials go is the user's call, asked by main, never the page's.
      const current = settings.get();
      if (patch.engineSocket && patch.engineSocket !== current.engineSocket)
        await approveEngineAddress(patch.engineSocket, approvals);
      if (patch.executorImage && patch.executorImage !== current.executorImage)
        await approveExecutorImage(patch.executorImage, DEFAULT_EXECUTOR_IMAGE, approvals);
      return settings.update(patch);
    },
    'settings.reset': async () => settings.reset(),
  };
}
