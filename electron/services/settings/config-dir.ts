import os from 'node:os';
import path from 'node:path';

const APP_DIR = 'kaniko-desktop';

/**
 * Browser mode's config folder (settings, encrypted credentials, key file): KANIKO_DESKTOP_CONFIG_DIR when
 * set (tests), else the OS's per-user config folder. Desktop uses Electron's userData folder instead.
 */
export function browserConfigDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.KANIKO_DESKTOP_CONFIG_DIR) return path.resolve(env.KANIKO_DESKTOP_CONFIG_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Preferences', APP_DIR);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_DIR);
}
