import { getJson, socketRequest } from '../../test/support/engine-http';
import { testEnv } from '../../test/support/test-env';

/**
 * What a gauntlet run may leave in the engine, read straight from its API (no app code involved):
 * containers, volumes and dangling images, compared before and after a run.
 */
export interface EngineSnapshot {
  containers: Map<string, string>;
  volumes: Set<string>;
  danglingImages: Set<string>;
}

interface ContainerRow {
  Id: string;
  Names?: string[];
}

const enc = (o: unknown) => encodeURIComponent(JSON.stringify(o));

export async function engineSnapshot(socket = testEnv().podmanSocket): Promise<EngineSnapshot> {
  const [containers, volumes, dangling] = await Promise.all([
    getJson<ContainerRow[]>(socket, '/containers/json?all=true'),
    getJson<{ Volumes: { Name: string }[] | null }>(socket, '/volumes'),
    getJson<{ Id: string }[]>(socket, `/images/json?filters=${enc({ dangling: ['true'] })}`),
  ]);
  return {
    containers: new Map(containers.map((c) => [c.Id, (c.Names?.[0] ?? c.Id).replace(/^\//, '')])),
    volumes: new Set((volumes.Volumes ?? []).map((v) => v.Name)),
    danglingImages: new Set(dangling.map((i) => i.Id)),
  };
}

/**
 * The app's caches (base images, layer cache) are volumes it keeps on purpose between builds, like a
 * user's cache folder: not left behind. A run's fresh app makes its own, removed after the run.
 */
export const isAppCacheVolume = (name: string): boolean =>
  /^kaniko-desktop-(base-images|layer-cache)-/.test(name);

/** Removes the cache volumes a run's app made (see isAppCacheVolume). */
export async function removeNewCacheVolumes(before: EngineSnapshot): Promise<void> {
  const socket = testEnv().podmanSocket;
  for (const v of (await engineSnapshot(socket)).volumes) {
    if (before.volumes.has(v) || !isAppCacheVolume(v)) continue;
    await socketRequest(socket, 'DELETE', `/volumes/${encodeURIComponent(v)}?force=true`).catch(() => null);
  }
}

/** Everything in `after` that was not in `before`, one line each ("container kaniko-desktop-build-…"). */
export function newSince(before: EngineSnapshot, after: EngineSnapshot): string[] {
  const out: string[] = [];
  for (const [id, name] of after.containers) if (!before.containers.has(id)) out.push(`container ${name}`);
  for (const v of after.volumes) if (!before.volumes.has(v) && !isAppCacheVolume(v)) out.push(`volume ${v}`);
  for (const i of after.danglingImages) {
    if (!before.danglingImages.has(i)) out.push(`dangling image ${i.replace(/^sha256:/, '').slice(0, 12)}`);
  }
  return out;
}

/**
 * What the run left behind: polled for a short while, since Podman may still be finishing a removal the
 * app already asked for (the app's answer must not wait for that, the table counts what stays).
 */
export async function leftBehindSince(before: EngineSnapshot, graceMs = 3_000): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = newSince(before, await engineSnapshot());
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Container creations the engine recorded since `sinceSeconds` (unix time), by name. */
export async function containersCreatedSince(sinceSeconds: number): Promise<string[]> {
  const socket = testEnv().podmanSocket;
  const until = Math.ceil(Date.now() / 1000) + 1;
  const filters = enc({ type: ['container'], event: ['create'] });
  const path = `/events?stream=false&since=${sinceSeconds}&until=${until}&filters=${filters}`;
  const r = await socketRequest(socket, 'GET', path);
  if (r.status !== 200) throw new Error(`GET /events: HTTP ${r.status}`);
  return r.body
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const e = JSON.parse(l) as { Actor?: { Attributes?: { name?: string } }; id?: string };
      return e.Actor?.Attributes?.name ?? e.id ?? '?';
    });
}
