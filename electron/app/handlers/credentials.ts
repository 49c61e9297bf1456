import type { Handlers } from '../../core/dispatcher';
import type { CredentialsService } from '../../services/credentials/credentials-service';

export function credentialsHandlers(
  credentials: CredentialsService,
): Pick<
  Handlers,
  | 'credentials.list'
  | 'credentials.save'
  | 'credentials.remove'
  | 'credentials.verify'
  | 'credentials.envImport'
  | 'credentials.setStorage'
> {
  return {
    'credentials.list': async () => credentials.list(),
    'credentials.save': async (p) => credentials.save(p),
    'credentials.remove': async ({ registry }) => credentials.remove(registry),
    'credentials.verify': (p) => credentials.verify(p),
    'credentials.envImport': async ({ apply }) => (apply ? credentials.envImport() : credentials.envStatus()),
    'credentials.setStorage': async ({ storage }) => credentials.setStorage(storage),
  };
}
