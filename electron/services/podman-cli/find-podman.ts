import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/**
 * Folders where installers put podman but which GUI apps often do not have on PATH
 * (a macOS app started from Finder gets a minimal PATH, for example).
 */
export function podmanInstallDirs(platform: NodeJS.Platform): string[] {
  switch (platform) {
    case 'darwin':
      return ['/opt/podman/bin', '/opt/homebrew/bin', '/usr/local/bin'];
    case 'win32':
      return ['C:\\Program Files\\RedHat\\Podman'];
    default:
      return ['/usr/bin', '/usr/local/bin', '/opt/podman/bin'];
  }
}

/** PATH followed by the install folders, without duplicates (the order is the search order). */
export function podmanSearchPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const delimiter = platform === 'win32' ? ';' : ':';
  const fromEnv = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  return [...new Set([...fromEnv, ...podmanInstallDirs(platform)])];
}

/** Full path of the podman executable, or null when it is not installed anywhere we look. */
export async function findPodman(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  const exe = platform === 'win32' ? 'podman.exe' : 'podman';
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of podmanSearchPath(env, platform)) {
    const candidate = join(dir, exe);
    try {
      await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}
