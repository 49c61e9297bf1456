import os from 'node:os';
import path from 'node:path';
import type { PlatformAdapters } from '../app/adapters';

/** Browser mode has no OS keychain and no native shell: secrets stay in memory, the page opens links. */
export function browserAdapters(env: NodeJS.ProcessEnv = process.env): PlatformAdapters {
  return {
    transport: 'browser',
    userDataDir: env.KANIKO_DESKTOP_CONFIG_DIR ?? defaultConfigDir(env),
    encryptor: null,
    openExternal: async () => false,
  };
}

function defaultConfigDir(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'darwin')
    return path.join(os.homedir(), 'Library', 'Application Support', 'Kaniko Desktop');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? os.homedir(), 'Kaniko Desktop');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'kaniko-desktop');
}
