import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import { pack as tarFsPack } from 'tar-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractOciLayoutArchive } from '../../../electron/services/registry-push/layout-archive';
import { readOciLayout, type OciImage } from '../../../electron/services/registry-push/oci-layout';
import { pushImage, type PushProgress } from '../../../electron/services/registry-push/push-image';
import { pushLayoutArchive } from '../../../electron/services/registry-push/push-layout-archive';
import { expectAppError } from '../../support/expect-app-error';
import { startRegistry, type LocalRegistry } from '../../support/local-registry';
import { writeBigBlob, writeFixtureLayout } from '../../support/oci-fixture';
import { podmanOk } from '../../support/podman-cli';
import { TEST_CONTAINER_LABEL, testEnv } from '../../support/test-env';
import { fetchManifest, tagList } from './registry-api';

// A push that breaks halfway: a registry of our own (the harness's must stay up) killed mid-upload,
// and a push cancelled mid-upload. Plus the engine path: the layout read back with getArchive.
let work: string;
let big: OciImage;
let bigLayer: string;
const env = () => testEnv();

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kd-push-int-'));
  const dir = path.join(work, 'big');
  const layer = await writeBigBlob(dir, 96);
  bigLayer = layer.digest;
  await writeFixtureLayout(dir, { layers: [Buffer.from('small first layer'), layer] });
  big = await readOciLayout(dir);
});
afterAll(() => rm(work, { recursive: true, force: true }));

const firstBytesOfBigLayer = (p: PushProgress) =>
  p.kind === 'blob' && p.digest === bigLayer && p.state === 'uploading' && p.sent > 0;

describe('a push that breaks off', () => {
  let registry: LocalRegistry | null = null;
  afterAll(() => registry?.stop());

  it('registry stopped mid-upload: a clear error naming the phase and the registry, and no tag', async () => {
    const regDir = path.join(work, 'own-registry');
    const pass = randomBytes(8).toString('hex');
    registry = await startRegistry(regDir, 'pusher', pass);
    const address = registry.address;
    let killed = false;
    const t0 = performance.now();
    const e = await expectAppError(
      pushImage({
        image: big,
        registry: address,
        repository: 'broken/app',
        tags: ['1'],
        auth: { username: 'pusher', secret: pass },
        onProgress: (p) => {
          if (!killed && firstBytesOfBigLayer(p)) {
            killed = true;
            process.kill(registry?.pid ?? -1, 'SIGKILL');
          }
        },
      }),
    );
    expect(killed).toBe(true);
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toMatch(
      new RegExp(
        `^The blob upload to ${address.replace(/\./g, '\\.')} failed: .+ \\(after \\d attempts\\)\\.$`,
      ),
    );
    expect(e.hint).toMatch(/registry is running/);
    expect(performance.now() - t0).toBeLessThan(15_000); // retries are bounded

    // Same storage, new process: the repository has no tag.
    await registry.stop();
    registry = await startRegistry(regDir, 'pusher', pass);
    const access = { registry: registry.address, registryUser: 'pusher', registryPass: pass };
    expect((await tagList(access, 'broken/app')) ?? []).toEqual([]);
    expect((await fetchManifest(access, 'broken/app', '1', big.manifest.mediaType)).status).toBe(404);
  });

  it('cancel mid-upload: CANCELLED within 2 s, and no tag', async () => {
    const ac = new AbortController();
    let abortedAt = 0;
    const repository = `cancel/app-${randomBytes(4).toString('hex')}`;
    const e = await expectAppError(
      pushImage({
        image: big,
        registry: env().registry,
        repository,
        tags: ['1'],
        auth: { username: env().registryUser, secret: env().registryPass },
        signal: ac.signal,
        onProgress: (p) => {
          if (!abortedAt && firstBytesOfBigLayer(p)) {
            abortedAt = performance.now();
            ac.abort();
          }
        },
      }),
    );
    expect(abortedAt).toBeGreaterThan(0);
    expect(performance.now() - abortedAt).toBeLessThan(2000);
    expect(e.code).toBe('CANCELLED');
    expect(e.message).toBe(`The push to ${env().registry} was cancelled.`);
    expect((await tagList(env(), repository)) ?? []).toEqual([]);
  });
});

describe('a large layer', () => {
  it('is streamed from disk with backpressure: memory stays flat while 96 MiB go up', async () => {
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const result = await pushImage({
      image: big,
      registry: env().registry,
      repository: `large/app-${randomBytes(4).toString('hex')}`,
      tags: ['1'],
      auth: { username: env().registryUser, secret: env().registryPass },
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      },
    });
    expect(result.tags).toEqual(['1']);
    // Buffering the layer would add ~100 MB; streaming holds a few chunks (measured: ~4 MB).
    expect(peak - before).toBeLessThan(32 * 1024 * 1024);
  });
});

const layoutTar = async (c: Docker.Container) =>
  (await c.getArchive({ path: '/out/oci' })) as unknown as Readable;

describe('the layout read back from the engine', () => {
  it('getArchive of the layout folder → private folder → push: the registry has the saved digest', async () => {
    const saved = path.join(work, 'saved');
    await podmanOk(['save', '--format', 'oci-dir', '-o', saved, env().baseImage]);
    const docker = new Docker({ socketPath: env().podmanSocket });
    const c = await docker.createContainer({
      Image: env().baseImage,
      Cmd: ['true'],
      Labels: { [TEST_CONTAINER_LABEL]: '1' },
    });
    const tmpRoot = await mkdtemp(path.join(work, 'tmp-'));
    try {
      // The folder goes in as /out/oci (as Kaniko's --oci-layout-path leaves it), then comes back out.
      const tar = tarFsPack(saved, { map: (h) => ({ ...h, name: path.posix.join('out/oci', h.name) }) });
      await c.putArchive(tar as unknown as NodeJS.ReadableStream, { path: '/' });
      const expected = await readOciLayout(saved);
      const out = await extractOciLayoutArchive(await layoutTar(c), { tmpRoot });
      expect(out.image.manifest.digest).toBe(expected.manifest.digest);
      expect(out.image.manifest.bytes.equals(expected.manifest.bytes)).toBe(true);
      expect(out.image.blobs.map((b) => b.digest)).toEqual(expected.blobs.map((b) => b.digest));
      await out.dispose();
      expect(await readdir(tmpRoot)).toEqual([]);

      // The one call the build runner makes: unpack, push, clean up.
      const repository = `engine/app-${randomBytes(4).toString('hex')}`;
      const result = await pushLayoutArchive({
        archive: await layoutTar(c),
        tmpRoot,
        expectedDigest: expected.manifest.digest,
        registry: env().registry,
        repository,
        tags: ['from-engine'],
        auth: { username: env().registryUser, secret: env().registryPass },
      });
      expect(result.digest).toBe(expected.manifest.digest);
      const m = await fetchManifest(env(), repository, 'from-engine', expected.manifest.mediaType);
      expect(m.digestHeader).toBe(expected.manifest.digest);
      expect(await readdir(tmpRoot)).toEqual([]);

      // A digest that differs from the build's report is refused, and the folder still goes away.
      const e = await expectAppError(
        pushLayoutArchive({
          archive: await layoutTar(c),
          tmpRoot,
          expectedDigest: `sha256:${'1'.repeat(64)}`,
          registry: env().registry,
          repository,
          tags: ['never'],
          auth: { username: env().registryUser, secret: env().registryPass },
        }),
      );
      expect(e.message).toContain(`but the build reported sha256:${'1'.repeat(64)}`);
      expect(await readdir(tmpRoot)).toEqual([]);
      expect(await tagList(env(), repository)).toEqual(['from-engine']);
    } finally {
      await c.remove({ force: true });
    }
  });
});
