import { createHash } from 'node:crypto';
import { listContextEntries } from './context-files';
import { snapshotEntries } from './context-snapshot';

/**
 * The fingerprint of everything a build's image depends on. Two builds with the same key get the same
 * image from Kaniko (its own cache keys cover less: they leave out file times, which COPY writes into
 * the layer), so a later build with this key may reuse the earlier image instead of running Kaniko.
 */
export interface BuildInputs {
  contextDir: string;
  /** Relative to the context (posix). */
  dockerfile: string;
  /** The executor's arguments; those that only say where the image goes or how registries are reached are left out. */
  executorArgs: readonly string[];
  /** The executor image's ID in the engine (a name can be moved to another image). */
  executorImageId: string;
  /** FROM image → the digest its registry gives now. */
  baseDigests: Readonly<Record<string, string>>;
}

/** Bumped whenever what goes into the key changes, so no older entry can match by accident. */
const RECIPE = 'kaniko-desktop build inputs v1';

/** Flags that name where the image goes or where a registry answers (ports change between runs), not what is built. */
const PLACEMENT_FLAG =
  /^--(destination|cache-repo|registry-map|insecure-registry|skip-tls-verify-registry|oci-layout-path|tar-path|digest-file|image-name-with-digest-file|image-name-tag-with-digest-file|no-push|cache-dir|cache-ttl|cache-run-layers|cache-copy-layers|no-push-cache)(=|$)/;

export function contentArgs(args: readonly string[]): string[] {
  return args.filter((a) => !PLACEMENT_FLAG.test(a));
}

/**
 * The key: a SHA-256 over the recipe, the content-relevant arguments, the executor's ID, the base
 * digests and every context entry kept by .dockerignore with its type, mode, size, times and inode
 * (as git's index does: a write always moves ctime, so the files are not read). null when an entry
 * disappears while it is listed (the folder is changing: no reuse).
 */
export async function buildInputsKey(inputs: BuildInputs): Promise<string | null> {
  const entries = await listContextEntries(inputs.contextDir, { dockerfile: inputs.dockerfile });
  const ids = await snapshotEntries(inputs.contextDir, entries);
  const hash = createHash('sha256');
  const digests = Object.entries(inputs.baseDigests).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  hash.update(
    JSON.stringify({
      recipe: RECIPE,
      dockerfile: inputs.dockerfile,
      args: contentArgs(inputs.executorArgs),
      executor: inputs.executorImageId,
      digests,
    }),
  );
  for (const [p, id] of ids) {
    if (!id) return null;
    hash.update(`\n${p}\0${id.type}\0${id.mode}\0${id.size}\0${id.mtimeMs}\0${id.ctimeMs}\0${id.ino}`);
  }
  return hash.digest('hex');
}
