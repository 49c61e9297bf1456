import type Docker from 'dockerode';
import { posix } from 'node:path';
import { DEFAULT_DIGEST_FILE, DEFAULT_TAR_PATH } from '../logic/executor-args';
import type { NormalizedRef } from '../logic/image-ref';
import { isImageDigest, readBuiltDigest } from './built-digest';
import { withContainerFolder } from './container-files';
import { loadImageArchive } from './load-image';
import { pullBuiltImage } from './pull-built-image';
import { readAll } from './tar-helpers';

/** A local build's image, in Podman now. */
export interface LocalOutput {
  digest: string | null;
  loadedImages: string[];
}

/**
 * Local mode: the digest and the image tarball come out of the output folder in ONE getArchive (each
 * call costs ~150 ms on Podman), the tarball streamed straight into the engine's image load.
 * `reportedDigest` is the digest Kaniko's output named, used when the folder holds none.
 */
export async function readLocalOutput(
  docker: Docker,
  container: Docker.Container,
  reportedDigest: string | null,
  line: (text: string) => void,
): Promise<LocalOutput> {
  const found: { digest: string; names: string[] | null } = { digest: '', names: null };
  const read = () =>
    withContainerFolder(container, posix.dirname(DEFAULT_TAR_PATH), (file, content) => {
      if (file === posix.basename(DEFAULT_TAR_PATH))
        return loadImageArchive(docker, content).then((names) => (found.names = names));
      if (`${posix.dirname(DEFAULT_TAR_PATH)}/${file}` === DEFAULT_DIGEST_FILE)
        return readAll(content).then((b) => (found.digest = b.toString('utf8').trim()));
      return undefined;
    });
  await read();
  // Right after the exit Podman sometimes answers this read with the folder but none of its files
  // (seen in about half of the real Kaniko builds, never with curl a moment later); read it again.
  for (let attempt = 1; found.names === null && attempt <= 3; attempt++) {
    line(`The engine returned the output folder without its files; reading it again (${attempt}/3).`);
    await new Promise((r) => setTimeout(r, 150 * attempt));
    await read();
  }
  if (found.names === null) throw new Error(`The executor wrote no image tarball at ${DEFAULT_TAR_PATH}.`);
  line(`Loaded into Podman: ${found.names.join(', ') || '(unnamed image)'}`);
  const digest = isImageDigest(found.digest)
    ? found.digest
    : await readBuiltDigest(container, reportedDigest);
  return { digest, loadedImages: found.names };
}

/**
 * Local mode through the app's cache registry: Kaniko pushed the image there (to `repository`); Podman
 * pulls it by digest and names it after `destinations`.
 */
export async function pullLocalOutput(
  docker: Docker,
  container: Docker.Container,
  pull: { repository: string; destinations: NormalizedRef[]; reportedDigest: string | null },
  line: (text: string) => void,
): Promise<LocalOutput> {
  // Kaniko's own `Pushed …@sha256:…` line names it (saves a read of the output folder); the pull by
  // digest verifies it.
  const digest = pull.reportedDigest ?? (await readBuiltDigest(container, null));
  if (!digest)
    throw new Error('The executor reported no digest for the image it pushed to the cache registry.');
  const names = await pullBuiltImage(docker, pull.repository, digest, pull.destinations);
  line(`Pulled into Podman from the cache registry: ${names.join(', ')}`);
  return { digest, loadedImages: names };
}
