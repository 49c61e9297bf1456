import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/** Looks for a podman executable on PATH and in the usual install folders (no process spawned). */
export async function podmanInstalled(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): Promise<boolean> {
  const exe = platform === 'win32' ? 'podman.exe' : 'podman';
  const extra =
    platform === 'darwin'
      ? ['/opt/podman/bin', '/opt/homebrew/bin', '/usr/local/bin']
      : platform === 'win32'
        ? ['C:\\Program Files\\RedHat\\Podman']
        : ['/usr/bin', '/usr/local/bin'];
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extra];
  for (const dir of dirs) {
    try {
      await access(path.join(dir, exe), constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}
