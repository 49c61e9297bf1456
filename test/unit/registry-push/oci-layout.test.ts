import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobPath, readOciLayout } from '../../../electron/services/registry-push/oci-layout';
import { expectAppError } from '../../support/expect-app-error';
import { MEDIA, sha256, writeBlob, writeFixtureLayout, writeIndex } from '../../support/oci-fixture';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kd-layout-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('reading an OCI image layout', () => {
  it('returns the manifest bytes unchanged and the config then the layers, each verified', async () => {
    const f = await writeFixtureLayout(dir, { layers: [Buffer.from('one'), Buffer.from('two')] });
    const image = await readOciLayout(dir);
    expect(image.manifest.digest).toBe(f.manifestDigest);
    expect(image.manifest.mediaType).toBe(MEDIA.ociManifest);
    expect(image.manifest.bytes.equals(f.manifestBytes)).toBe(true);
    expect(sha256(image.manifest.bytes)).toBe(f.manifestDigest);
    expect(image.blobs.map((b) => b.digest)).toEqual([f.config.digest, ...f.layers.map((l) => l.digest)]);
    expect(image.blobs[1]).toMatchObject({ size: 3, file: blobPath(dir, f.layers[0]?.digest ?? '') });
  });

  it('accepts a Docker v2s2 manifest (what Kaniko writes for Docker base images)', async () => {
    const f = await writeFixtureLayout(dir, { kind: 'docker' });
    const image = await readOciLayout(dir);
    expect(image.manifest.mediaType).toBe(MEDIA.dockerManifest);
    expect(image.manifest.digest).toBe(f.manifestDigest);
    expect(image.blobs[0]?.mediaType).toBe(MEDIA.dockerConfig);
  });

  it('an OCI manifest without its own mediaType takes the one from index.json', async () => {
    const config = await writeBlob(dir, Buffer.from('{}'));
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        config: { mediaType: MEDIA.ociConfig, digest: config, size: 2 },
        layers: [],
      }),
    );
    const digest = await writeBlob(dir, bytes);
    await writeIndex(dir, [{ mediaType: MEDIA.ociManifest, digest, size: bytes.length }]);
    const image = await readOciLayout(dir);
    expect(image.manifest.mediaType).toBe(MEDIA.ociManifest);
    expect(image.blobs).toHaveLength(1);
  });

  it('a blob whose content does not match its digest is refused, naming the blob', async () => {
    const f = await writeFixtureLayout(dir, { layers: [Buffer.from('good layer')] });
    const layer = f.layers[0]?.digest ?? '';
    await writeFile(blobPath(dir, layer), 'evil layer'); // same size, other content
    const e = await expectAppError(readOciLayout(dir));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain(`blob ${layer} does not match its digest`);
    expect(e.message).toContain(sha256('evil layer'));
    // Without re-hashing (blobs verified while extracted), only the size is checked.
    await expect(readOciLayout(dir, { verifyBlobs: false })).resolves.toBeTruthy();
  });

  it('a damaged manifest, a wrong size or a missing blob are refused', async () => {
    const f = await writeFixtureLayout(dir, { layers: [Buffer.from('layer')] });
    await writeFile(blobPath(dir, f.layers[0]?.digest ?? ''), 'layer plus');
    expect((await expectAppError(readOciLayout(dir))).message).toMatch(/has 10 bytes, the manifest says 5/);
    await unlink(blobPath(dir, f.layers[0]?.digest ?? ''));
    expect((await expectAppError(readOciLayout(dir))).message).toMatch(/is missing from the layout/);
    await writeFile(blobPath(dir, f.manifestDigest), f.manifestBytes.toString().replace('layers', 'Layers'));
    expect((await expectAppError(readOciLayout(dir))).message).toMatch(/manifest does not match its digest/);
  });

  it('refuses an image index, several images and a folder that is not a layout', async () => {
    const f = await writeFixtureLayout(dir);
    const other = await writeFixtureLayout(await mkdtemp(path.join(dir, 'x')));
    const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as {
      manifests: { digest: string; size: number; mediaType: string }[];
    };
    await writeIndex(dir, [
      ...index.manifests,
      { ...index.manifests[0], digest: other.manifestDigest } as never,
    ]);
    expect((await expectAppError(readOciLayout(dir))).message).toMatch(/lists 2 images; exactly one/);

    const nested = await writeBlob(dir, Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [] })));
    await writeIndex(dir, [{ mediaType: MEDIA.ociIndex, digest: nested, size: 30 }]);
    expect((await expectAppError(readOciLayout(dir))).message).toMatch(/multi-platform image index/);

    await unlink(path.join(dir, 'oci-layout'));
    expect((await expectAppError(readOciLayout(dir))).message).toMatch(/oci-layout is missing/);
    expect(f.manifestDigest).not.toBe(other.manifestDigest);
  });

  it('refuses a manifest type it cannot push and a disagreement between index and manifest', async () => {
    const f = await writeFixtureLayout(dir, { kind: 'docker' });
    await writeIndex(dir, [
      { mediaType: MEDIA.ociManifest, digest: f.manifestDigest, size: f.manifestBytes.length },
    ]);
    expect((await expectAppError(readOciLayout(dir))).message).toMatch(
      /index.json calls the manifest .*oci.*, the manifest says .*docker/,
    );
    const v1 = Buffer.from(
      JSON.stringify({ schemaVersion: 1, mediaType: 'application/vnd.docker.distribution.manifest.v1+json' }),
    );
    const d = await writeBlob(dir, v1);
    await writeIndex(dir, [{ mediaType: '', digest: d, size: v1.length }]);
    expect((await expectAppError(readOciLayout(dir))).message).toMatch(
      /manifest type .*v1\+json is not supported/,
    );
  });
});
