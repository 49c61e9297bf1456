import { dockerConfigJsonOf } from '../../credentials/docker-config';
import { dockerConfigKey } from '../../credentials/registry-host';
import type { PlannedBuild } from './build-plan';
import type { BuildCredentials } from './ports';

export interface ExecutorLogins {
  /** /kaniko/.docker/config.json for the container, or null when it gets no login at all. */
  configJson: Buffer | null;
  /** What went in, for the log (registry names only). */
  lines: string[];
}

/**
 * The logins the executor container gets, and nothing else: the FROM registries' only when the user
 * asked for them, the layer cache registry's only when the user chose to keep the cache there
 * (Dockerfile steps can read any login the container holds). The destination's never:
 * the app pushes the built image itself. A loopback registry's login is filed under the address the container
 * reaches it by, since that is the name Kaniko looks it up with after --registry-map.
 */
export function executorLogins(planned: PlannedBuild, credentials: BuildCredentials): ExecutorLogins {
  const entries: Parameters<typeof dockerConfigJsonOf>[0] = [];
  const lines: string[] = [];
  const reachable = new Map(planned.network.mappings.map((m) => [m.registry, m.reachableAs]));
  const add = (registry: string, why: string) => {
    const auth = credentials.authFor(registry);
    if (!auth) return;
    const key = reachable.get(registry) ?? dockerConfigKey(registry);
    if (entries.some((e) => e.key === key)) {
      lines.push(`The executor's login for ${registry} is also used ${why}.`);
      return;
    }
    entries.push({ key, auth });
    lines.push(`The executor gets the saved login for ${registry} (${why}).`);
  };
  if (planned.baseImageLogin) {
    for (const r of planned.baseRegistries) add(r, 'to pull a base image; Dockerfile steps can read it');
  }
  // Only when the user chose to keep the layer cache in that registry (the app's own cache needs none).
  if (planned.cache.mode === 'registry') {
    const r = planned.cache.registry;
    add(r, 'to read and write the layer cache; Dockerfile steps can read it');
    if (!credentials.authFor(r)) lines.push(`No saved login for ${r}: the layer cache is used without one.`);
  }
  return { configJson: entries.length ? dockerConfigJsonOf(entries) : null, lines };
}
