import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { socketRequest } from './engine-http';
import { mustRun } from './proc';

/** The image every test can run without a registry: Debian's static busybox with all applets. */
export const BASE_IMAGE = 'localhost/kd-busybox:latest';
export const BASE_IMAGE_PAGE = '<h1>hello from kd-busybox</h1>\n';

export async function imageExists(socketPath: string, name: string): Promise<boolean> {
  const r = await socketRequest(
    socketPath,
    'GET',
    `/v4.0.0/libpod/images/${encodeURIComponent(name)}/exists`,
  );
  return r.status === 204;
}

/**
 * Imports the busybox image into the storage of the service behind socketPath (remote import, so the
 * image lands where the service looks, whoever runs it). No registry is contacted.
 */
export async function ensureBaseImage(socketPath: string, busybox = '/bin/busybox'): Promise<string> {
  if (await imageExists(socketPath, BASE_IMAGE)) return BASE_IMAGE;
  const work = await mkdtemp(path.join(os.tmpdir(), 'kd-rootfs-'));
  try {
    const rootfs = path.join(work, 'rootfs');
    for (const d of ['bin', 'etc', 'tmp', 'www', 'root', 'workspace']) {
      await mkdir(path.join(rootfs, d), { recursive: true });
    }
    await copyFile(busybox, path.join(rootfs, 'bin/busybox'));
    await chmod(path.join(rootfs, 'bin/busybox'), 0o755);
    const applets = (await mustRun(busybox, ['--list'])).split('\n').filter((a) => a && a !== 'busybox');
    for (const a of applets) await symlink('busybox', path.join(rootfs, 'bin', a));
    await writeFile(
      path.join(rootfs, 'etc/passwd'),
      'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
    );
    await writeFile(path.join(rootfs, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
    await writeFile(path.join(rootfs, 'www/index.html'), BASE_IMAGE_PAGE);
    await chmod(path.join(rootfs, 'tmp'), 0o1777);
    await importRootfs(socketPath, rootfs, ['ENV PATH=/bin', 'CMD ["/bin/sh"]'], BASE_IMAGE);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return BASE_IMAGE;
}

/** Packs a root file system folder (owned by root inside) and imports it as `image` with these changes. */
export async function importRootfs(
  socketPath: string,
  rootfs: string,
  changes: string[],
  image: string,
): Promise<void> {
  const tarball = `${rootfs}.tar`;
  await mustRun('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', rootfs, '-cf', tarball, '.']);
  await mustRun('podman', [
    '--url',
    `unix://${socketPath}`,
    'import',
    ...changes.flatMap((c) => ['--change', c]),
    tarball,
    image,
  ]);
}
