import { getJson, socketRequest } from '../../test/support/engine-http';
import { testEnv } from '../../test/support/test-env';

/**
 * What a gauntlet run may leave in an engine, read straight from its API (no app code involved):
 * containers, volumes and dangling images, taken before the run and compared after it, so only what
 * appeared during the run counts.
 */
export interface EngineSnapshot {
  /** The engine looked at (default: the harness's). */
  socket: string;
  /** id → name */
  containers: Map<string, string>;
  volumes: Set<string>;
  danglingImages: Set<string>;
}

interface ContainerRow {
  Id: string;
  Names?: string[];
}

const enc = (o: unknown) => encodeURIComponent(JSON.stringify(o));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function engineSnapshot(socket = testEnv().podmanSocket): Promise<EngineSnapshot> {
  const [containers, volumes, dangling] = await Promise.all([
    getJson<ContainerRow[]>(socket, '/containers/json?all=true'),
    getJson<{ Volumes: { Name: string }[] | null }>(socket, '/volumes'),
    getJson<{ Id: string }[]>(socket, `/images/json?filters=${enc({ dangling: ['true'] })}`),
  ]);
  return {
    socket,
    containers: new Map(containers.map((c) => [c.Id, (c.Names?.[0] ?? c.Id).replace(/^\//, '')])),
    volumes: new Set((volumes.Volumes ?? []).map((v) => v.Name)),
    danglingImages: new Set(dangling.map((i) => i.Id)),
  };
}

/**
 * The app's caches (base images, layer cache) are volumes it keeps on purpose between builds, like a
 * user's cache folder: not left behind. A run's fresh app makes its own; removeLeftovers takes them away.
 */
export const isAppCacheVolume = (name: string): boolean =>
  /^kaniko-desktop-(base-images|layer-cache)-/.test(name);

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
 * What the run left behind, polled until nothing is or the time is up: Podman may still be finishing a
 * removal the app already asked for (the app's answer must not wait for that, the table counts what stays).
 */
export async function leftAfterSettling(before: EngineSnapshot, withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = newSince(before, await engineSnapshot(before.socket));
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(200);
  }
}

/** Removes what a run left (cache volumes included), so the next run starts clean; the run still reports it. */
export async function removeLeftovers(before: EngineSnapshot): Promise<void> {
  const { socket } = before;
  const now = await engineSnapshot(socket);
  const remove = (path: string) => socketRequest(socket, 'DELETE', path).catch(() => null);
  for (const id of now.containers.keys()) {
    if (!before.containers.has(id)) await remove(`/containers/${id}?force=true&v=true`);
  }
  for (const v of now.volumes) {
    if (!before.volumes.has(v)) await remove(`/volumes/${encodeURIComponent(v)}?force=true`);
  }
  for (const i of now.danglingImages) {
    if (!before.danglingImages.has(i)) await remove(`/images/${encodeURIComponent(i)}?force=true`);
  }
}

/**
 * Container creations the engine recorded from `sinceMs` (unix ms) on, by name. The events API filters by
 * whole seconds, so the nanosecond time is checked too: a container another step made just before (a
 * check's `podman run`) is not counted.
 */
export async function containersCreatedSince(sinceMs: number): Promise<string[]> {
  const socket = testEnv().podmanSocket;
  const until = Math.ceil(Date.now() / 1000) + 1;
  const filters = enc({ type: ['container'], event: ['create'] });
  const since = Math.floor(sinceMs / 1000);
  const path = `/events?stream=false&since=${since}&until=${until}&filters=${filters}`;
  const r = await socketRequest(socket, 'GET', path);
  if (r.status !== 200) throw new Error(`GET /events: HTTP ${r.status}`);
  return r.body
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CreateEvent)
    .filter((e) => e.timeNano === undefined || e.timeNano / 1e6 >= sinceMs)
    .map((e) => e.Actor?.Attributes?.name ?? e.id ?? '?');
}

interface CreateEvent {
  Actor?: { Attributes?: { name?: string } };
  id?: string;
  timeNano?: number;
}
