import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the bundled build context (assets/context: the nginx page on 8080). It sits at the project
 * root in development and next to dist/ when built; an explicit folder (env) wins for packaged apps.
 */
export function locateBundledContext(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.KANIKO_DESKTOP_ASSETS;
  if (explicit) return path.join(explicit, 'context');
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'assets', 'context');
    if (existsSync(path.join(candidate, 'Dockerfile'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.resolve('assets', 'context');
}
