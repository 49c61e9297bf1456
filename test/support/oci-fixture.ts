import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes small OCI image layouts for tests: the same files Kaniko's --oci-layout-path writes
 * (oci-layout, index.json, blobs/sha256/<hex>), with OCI or Docker v2s2 media types.
 */
export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

export interface FixtureBlob {
  digest: string;
  size: number;
  mediaType: string;
}

export interface FixtureLayout {
  dir: string;
  manifestDigest: string;
  manifestBytes: Buffer;
  config: FixtureBlob;
  layers: FixtureBlob[];
}

export const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export async function writeBlob(dir: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  await mkdir(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(path.join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
  return digest;
}

/** A blob of `mib` MiB of random bytes, written 1 MiB at a time (for uploads that take a while). */
export async function writeBigBlob(dir: string, mib: number): Promise<{ digest: string; size: number }> {
  await mkdir(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  const tmp = path.join(dir, 'blobs', 'sha256', 'partial');
  const hash = createHash('sha256');
  const file = await open(tmp, 'w');
  for (let i = 0; i < mib; i++) {
    const chunk = randomBytes(1024 * 1024);
    hash.update(chunk);
    await file.write(chunk);
  }
  await file.close();
  const hex = hash.digest('hex');
  await rename(tmp, path.join(dir, 'blobs', 'sha256', hex));
  return { digest: `sha256:${hex}`, size: mib * 1024 * 1024 };
}

export async function writeIndex(dir: string, manifests: FixtureBlob[]): Promise<void> {
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    path.join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }),
  );
}

/**
 * A layout with the given layers (contents, or already written blobs) and a small config, as OCI or
 * Docker v2s2. The manifest is written compactly, as go-containerregistry does.
 */
export async function writeFixtureLayout(
  dir: string,
  opts: { kind?: 'oci' | 'docker'; layers?: (Buffer | { digest: string; size: number })[] } = {},
): Promise<FixtureLayout> {
  const docker = opts.kind === 'docker';
  const layerType = docker ? MEDIA.dockerLayer : MEDIA.ociLayer;
  const layers: FixtureBlob[] = [];
  for (const l of opts.layers ?? [Buffer.from(`layer ${randomBytes(8).toString('hex')}`)]) {
    const written = Buffer.isBuffer(l) ? { digest: await writeBlob(dir, l), size: l.length } : l;
    layers.push({ ...written, mediaType: layerType });
  }
  const configBytes = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
    }),
  );
  const config: FixtureBlob = {
    digest: await writeBlob(dir, configBytes),
    size: configBytes.length,
    mediaType: docker ? MEDIA.dockerConfig : MEDIA.ociConfig,
  };
  const mediaType = docker ? MEDIA.dockerManifest : MEDIA.ociManifest;
  const manifestBytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, config, layers }));
  const manifestDigest = await writeBlob(dir, manifestBytes);
  await writeIndex(dir, [{ mediaType, digest: manifestDigest, size: manifestBytes.length }]);
  return { dir, manifestDigest, manifestBytes, config, layers };
}
