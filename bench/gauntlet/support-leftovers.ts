import { podmanOk } from '../../test/support/podman-cli';
import { APP_OWNED_LABEL } from '../../test/support/test-env';
import { isAppCacheVolume } from './support-b-engine';

/**
 * What a run may leave behind in the engine: the app's containers, volumes and dangling images. Taken
 * before the run and compared after it (through the harness's own service, which never goes down), so
 * only what appeared during the run counts.
 */
export interface EngineSnapshot {
  /** The engine looked at (default: the harness's). */
  socketPath?: string;
  containers: Set<string>;
  volumes: Set<string>;
  danglingImages: Set<string>;
}

const lines = (text: string) =>
  new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );

export async function engineSnapshot(socketPath?: string): Promise<EngineSnapshot> {
  const on = { socketPath };
  const [containers, volumes, danglingImages] = await Promise.all([
    podmanOk(['ps', '-a', '--filter', `label=${APP_OWNED_LABEL}=1`, '--format', '{{.ID}} {{.Names}}'], on),
    podmanOk(['volume', 'ls', '--format', '{{.Name}}'], on),
    podmanOk(['images', '--filter', 'dangling=true', '--no-trunc', '--format', '{{.ID}}'], on),
  ]);
  return {
    socketPath,
    containers: lines(containers),
    volumes: lines(volumes),
    danglingImages: lines(danglingImages),
  };
}

/** "container 1a2b kd-build-…", "volume …", "dangling image sha256:…": what is new since `before`. */
export async function leftSince(before: EngineSnapshot): Promise<string[]> {
  const now = await engineSnapshot(before.socketPath);
  const added = (kind: string, a: Set<string>, b: Set<string>) =>
    [...b].filter((x) => !a.has(x)).map((x) => `${kind} ${x.slice(0, 40)}`);
  return [
    ...added('container', before.containers, now.containers),
    ...added('volume', before.volumes, now.volumes).filter(
      (v) => !isAppCacheVolume(v.slice('volume '.length)),
    ),
    ...added('dangling image', before.danglingImages, now.danglingImages),
  ];
}

/** Polls `leftSince` until nothing is left or the time is up; returns what is still there. */
export async function leftAfterSettling(before: EngineSnapshot, withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  let left = await leftSince(before);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = await leftSince(before);
  }
  return left;
}

/** Removes what a failed run left, so the next run starts clean (the run still reports it). */
export async function removeLeftovers(before: EngineSnapshot): Promise<void> {
  const now = await engineSnapshot(before.socketPath);
  const on = { socketPath: before.socketPath };
  for (const c of now.containers)
    if (!before.containers.has(c))
      await podmanOk(['rm', '-f', '-t', '0', c.split(' ')[0] ?? c], on).catch(() => '');
  for (const v of now.volumes)
    if (!before.volumes.has(v)) await podmanOk(['volume', 'rm', '-f', v], on).catch(() => '');
  for (const i of now.danglingImages)
    if (!before.danglingImages.has(i)) await podmanOk(['rmi', '-f', i], on).catch(() => '');
}
