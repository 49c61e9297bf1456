import { z } from 'zod';
import { request } from './define';
import { HostPath, LIMITS } from './limits';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** desktop = Electron IPC; browser = the WebSocket bridge. */
  transport: z.enum(['desktop', 'browser']),
  platform: z.string(),
  /** Whether credentials can be encrypted at rest in this mode (safeStorage, or an opted-in key file). */
  secureStorage: z.boolean(),
  /** Whether 'app.pickFolder' can open a native folder chooser here. */
  canPickFolder: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appRequests = {
  'app.info': request(z.object({}), AppInfo),
  /** Opens an http(s) URL on localhost / 127.0.0.1 in the user's browser; anything else is refused. */
  'app.openExternal': request(
    z.object({ url: z.string().max(LIMITS.url).url() }),
    z.object({ opened: z.boolean() }),
  ),
  /** Native folder chooser; path is null when the user cancelled. */
  'app.pickFolder': request(
    z.object({ title: z.string().max(200).default('Choose a folder'), defaultPath: HostPath.optional() }),
    z.object({ path: z.string().nullable() }),
  ),
};
