import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { imageExists, importRootfs } from './base-image';
import { mustRun } from './proc';

/**
 * The layer cache registry image of the tests (the app's default, docker.io/library/registry:2, cannot be
 * pulled here): Debian's `docker-registry` (the same Distribution registry) with the glibc files it links
 * against, a config at the image's usual place, and the registry as entrypoint. Tests set it as the
 * `cacheRegistryImage` setting.
 */
export const CACHE_REGISTRY_IMAGE = 'localhost/kd-registry:latest';

const REGISTRY_BINARY = '/usr/bin/docker-registry';
const CONFIG = `version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
`;

/** The shared libraries a dynamically linked binary needs, as `ldd` resolves them on this machine. */
async function linkedFiles(binary: string): Promise<string[]> {
  const out = await mustRun('ldd', [binary]);
  return [...out.matchAll(/(\/\S+)\s+\(0x/g)].map((m) => m[1] as string);
}

/** Imports the registry image into the storage of the service behind socketPath (no registry contacted). */
export async function ensureCacheRegistryImage(socketPath: string): Promise<string> {
  if (await imageExists(socketPath, CACHE_REGISTRY_IMAGE)) return CACHE_REGISTRY_IMAGE;
  const work = await mkdtemp(path.join(os.tmpdir(), 'kd-registry-rootfs-'));
  try {
    const rootfs = path.join(work, 'rootfs');
    for (const d of ['etc/docker/registry', 'var/lib/registry', 'tmp']) {
      await mkdir(path.join(rootfs, d), { recursive: true });
    }
    for (const file of [REGISTRY_BINARY, ...(await linkedFiles(REGISTRY_BINARY))]) {
      await mkdir(path.join(rootfs, path.dirname(file)), { recursive: true });
      await copyFile(file, path.join(rootfs, file));
    }
    await chmod(path.join(rootfs, REGISTRY_BINARY), 0o755);
    await writeFile(path.join(rootfs, 'etc/docker/registry/config.yml'), CONFIG);
    await writeFile(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/false\n');
    await chmod(path.join(rootfs, 'tmp'), 0o1777);
    await importRootfs(
      socketPath,
      rootfs,
      [
        `ENTRYPOINT ["${REGISTRY_BINARY}", "serve"]`,
        'CMD ["/etc/docker/registry/config.yml"]',
        'EXPOSE 5000',
      ],
      CACHE_REGISTRY_IMAGE,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return CACHE_REGISTRY_IMAGE;
}
