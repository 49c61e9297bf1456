import type { Handlers } from '../../core/dispatcher';
import { AppError } from '../../shared/errors';
import type { PlatformAdapters } from '../adapters';
import { isLocalWebUrl } from '../../shared/local-url';

export function appHandlers(
  adapters: PlatformAdapters,
  version: string,
): Pick<Handlers, 'app.info' | 'app.openExternal' | 'app.pickFolder'> {
  return {
    'app.info': async () => ({
      name: 'Kaniko Desktop',
      version,
      transport: adapters.transport,
      platform: process.platform,
      secureStorage: adapters.encryptor !== null,
      canPickFolder: adapters.pickFolder !== undefined,
    }),
    'app.openExternal': async ({ url }) => {
      if (!isLocalWebUrl(url)) {
        throw new AppError('VALIDATION', 'Only http(s) pages on localhost or 127.0.0.1 can be opened.');
      }
      return { opened: await adapters.openExternal(url) };
    },
    'app.pickFolder': async ({ title, defaultPath }) => {
      if (!adapters.pickFolder) {
        throw new AppError('UNAVAILABLE', 'Browser mode cannot open a folder chooser.', {
          hint: 'Type the full path of the folder on the machine running Kaniko Desktop.',
        });
      }
      return { path: await adapters.pickFolder({ title, ...(defaultPath ? { defaultPath } : {}) }) };
    },
  };
}
