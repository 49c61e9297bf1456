import type Docker from 'dockerode';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { forEachFileOfTar, memoryTar, readAll, useFirstFileOfTar, type MemoryTarEntry } from './tar-helpers';

/**
 * Where the context goes: under /kaniko, which Kaniko never snapshots nor deletes. At /workspace (the
 * image's WORKDIR) a multi-stage build loses it when Kaniko wipes the filesystem between stages ("failed
 * to get fileinfo for /workspace/…"), and a Dockerfile that writes to /workspace would carry it into the
 * image. /kaniko/buildcontext is where Kaniko itself unpacks remote contexts.
 */
export const WORKSPACE_DIR = '/kaniko/buildcontext';
export const DOCKER_CONFIG_PATH = '/kaniko/.docker/config.json';
export const OUTPUT_DIR = '/kaniko/output';
/** Push builds: the OCI layout Kaniko writes instead of pushing (main pushes it). */
export const OCI_LAYOUT_DIR = '/kaniko/output/oci';

/**
 * Folders the executor writes to (--tar-path and --digest-file do not create them), and in push mode
 * config.json with only the target registry's credentials: one small tar built in memory → the
 * container, nowhere else (no file on the host).
 */
export async function putFolders(container: Docker.Container, dockerConfig: Buffer | null): Promise<void> {
  const entries: MemoryTarEntry[] = [
    { type: 'directory', name: 'kaniko/' },
    { type: 'directory', name: 'kaniko/buildcontext/', mode: 0o755 },
    { type: 'directory', name: 'kaniko/.docker/', mode: 0o700 },
    { type: 'directory', name: 'kaniko/output/' },
  ];
  if (dockerConfig)
    entries.push({ type: 'file', name: 'kaniko/.docker/config.json', content: dockerConfig, mode: 0o600 });
  await container.putArchive(await memoryTar(entries), { path: '/' });
}

/**
 * Streams the context tar into /workspace. A failing packer (unreadable file) rejects at once rather
 * than leaving the upload waiting for bytes that never come.
 */
export async function putContext(container: Docker.Container, archive: Readable): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    archive.once('error', reject);
    container.putArchive(archive, { path: WORKSPACE_DIR }).then(() => resolve(), reject);
  });
}

export async function readContainerFile(container: Docker.Container, file: string): Promise<Buffer> {
  const tar = (await container.getArchive({ path: file })) as unknown as Readable;
  return useFirstFileOfTar(tar, (s) => readAll(s));
}

/** Streams one file out of the (exited) container to `use`, without holding it in memory. */
export async function withContainerFile<T>(
  container: Docker.Container,
  file: string,
  use: (content: Readable, size: number) => Promise<T>,
): Promise<T> {
  const tar = (await container.getArchive({ path: file })) as unknown as Readable;
  return useFirstFileOfTar(tar, use);
}

/**
 * Streams the files of one folder of the (exited) container to `use`, by their path relative to the
 * folder, in a single getArchive (each call costs ~150 ms on Podman, whatever the size).
 */
export async function withContainerFolder(
  container: Docker.Container,
  folder: string,
  use: (relativePath: string, content: Readable, size: number) => Promise<unknown> | undefined,
): Promise<void> {
  const tar = (await container.getArchive({ path: folder })) as unknown as Readable;
  // The archive's entries start with the folder's own name ("output/digest" for /kaniko/output).
  const prefix = `${posix.basename(folder)}/`;
  await forEachFileOfTar(tar, (name, content, size) =>
    name.startsWith(prefix) ? use(name.slice(prefix.length), content, size) : undefined,
  );
}
