import type { Handlers } from '../../core/dispatcher';
import { AppError } from '../../shared/errors';
import type { PlatformAdapters } from '../adapters';
import { isLocalWebUrl } from '../../shared/local-url';

export function appHandlers(
  adapters: PlatformAdapters,
  version: string,
): Pick<Handlers, 'app.info' | 'app.openExternal'> {
  return {
    'app.info': async () => ({
      name: 'Kaniko Desktop',
      version,
      transport: adapters.transport,
      platform: process.platform,
      secureStorage: adapters.encryptor !== null,
    }),
    'app.openExternal': async ({ url }) => {
      if (!isLocalWebUrl(url)) {
        throw new AppError('VALIDATION', 'Only http(s) pages on localhost or 127.0.0.1 can be opened.');
      }
      return { opened: await adapters.openExternal(url) };
    },
  };
}
