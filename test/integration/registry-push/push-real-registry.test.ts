import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/core/redactor';
import { readOciLayout } from '../../../electron/services/registry-push/oci-layout';
import { pushImage, type PushProgress } from '../../../electron/services/registry-push/push-image';
import { expectAppError } from '../../support/expect-app-error';
import { MEDIA, sha256, writeBlob, writeIndex } from '../../support/oci-fixture';
import { podman, podmanOk } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';
import { fetchManifest, tagList } from './registry-api';

// The real htpasswd docker-registry of the harness, and a real OCI layout of the base image saved by
// the real engine: what the push sends must come back byte for byte, and Podman must pull it by digest.
let work: string;
let ociDir: string;
const env = () => testEnv();
const creds = () => ({ username: env().registryUser, secret: env().registryPass });
const repo = (name: string) => `push-test/${name}-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kd-push-'));
  ociDir = path.join(work, 'oci');
  await podmanOk(['save', '--format', 'oci-dir', '-o', ociDir, env().baseImage]);
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function pullByDigest(repository: string, digest: string): Promise<void> {
  const ref = `${env().registry}/${repository}@${digest}`;
  const r = await podman([
    'pull',
    '--quiet',
    '--tls-verify=false',
    '--creds',
    `${creds().username}:${creds().secret}`,
    ref,
  ]);
  expect(r.code, r.stderr).toBe(0);
  // The pulled image lists the pushed digest among its repo digests (the layers are shared with the base).
  const repoDigests = await podmanOk(['image', 'inspect', '--format', '{{json .RepoDigests}}', ref]);
  expect(JSON.parse(repoDigests) as string[]).toContain(ref);
}

describe('pushing an OCI layout to the real htpasswd registry', () => {
  it('pushes every blob and the unchanged manifest under each tag; the registry digest equals the build digest', async () => {
    const image = await readOciLayout(ociDir);
    const repository = repo('oci');
    const progress: PushProgress[] = [];
    const result = await pushImage({
      image,
      registry: env().registry,
      repository,
      tags: ['1.0', 'latest'],
      auth: creds(),
      onProgress: (p) => progress.push(p),
    });
    expect(result).toEqual({
      registry: env().registry,
      repository,
      digest: image.manifest.digest,
      tags: ['1.0', 'latest'],
      references: ['1.0', 'latest'].map(
        (t) => `${env().registry}/${repository}:${t}@${image.manifest.digest}`,
      ),
    });
    for (const tag of ['1.0', 'latest']) {
      const m = await fetchManifest(env(), repository, tag, image.manifest.mediaType);
      expect(m.status).toBe(200);
      expect(m.digestHeader).toBe(image.manifest.digest);
      expect(sha256(m.body)).toBe(image.manifest.digest);
      expect(m.contentType).toBe(image.manifest.mediaType);
    }
    // Per blob: progress from 0 up to its size, ending 'uploaded'.
    for (const blob of image.blobs) {
      const mine = progress.filter((p) => p.kind === 'blob' && p.digest === blob.digest);
      expect(mine.at(-1)).toMatchObject({ state: 'uploaded', sent: blob.size, size: blob.size });
    }
    expect(progress.filter((p) => p.kind === 'tag').map((p) => (p.kind === 'tag' ? p.tag : ''))).toEqual([
      '1.0',
      'latest',
    ]);
    await pullByDigest(repository, image.manifest.digest);

    // Pushing again sends no blob: each HEAD says it is there.
    const again: PushProgress[] = [];
    await pushImage({
      image,
      registry: env().registry,
      repository,
      tags: ['2.0'],
      auth: creds(),
      onProgress: (p) => again.push(p),
    });
    const states = again.filter((p) => p.kind === 'blob').map((p) => (p.kind === 'blob' ? p.state : ''));
    expect(states).toEqual(image.blobs.map(() => 'exists'));
    expect(await tagList(env(), repository)).toEqual(['1.0', '2.0', 'latest']);
  });

  it('pushes a Docker v2s2 manifest (as Kaniko writes for Docker base images) with its own media type', async () => {
    const dir = path.join(work, 'v2s2');
    await cp(ociDir, dir, { recursive: true });
    const oci = await readOciLayout(dir);
    const parsed = JSON.parse(oci.manifest.bytes.toString()) as {
      config: { mediaType: string };
      layers: { mediaType: string }[];
    };
    // The saved layers are plain tar; the Docker type for that is rootfs.diff.tar.
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA.dockerManifest,
      config: { ...parsed.config, mediaType: MEDIA.dockerConfig },
      layers: parsed.layers.map((l) => ({
        ...l,
        mediaType: l.mediaType.endsWith('gzip')
          ? MEDIA.dockerLayer
          : 'application/vnd.docker.image.rootfs.diff.tar',
      })),
    };
    const bytes = Buffer.from(JSON.stringify(manifest, null, 3)); // odd spacing: bytes must survive as they are
    const digest = await writeBlob(dir, bytes);
    await writeIndex(dir, [{ mediaType: MEDIA.dockerManifest, digest, size: bytes.length }]);
    const image = await readOciLayout(dir);
    expect(image.manifest.mediaType).toBe(MEDIA.dockerManifest);

    const repository = repo('v2s2');
    const result = await pushImage({
      image,
      registry: env().registry,
      repository,
      tags: ['v1'],
      auth: creds(),
    });
    expect(result.digest).toBe(digest);
    const m = await fetchManifest(env(), repository, 'v1', MEDIA.dockerManifest);
    expect(m.body.equals(bytes)).toBe(true);
    expect(m.digestHeader).toBe(digest);
    await pullByDigest(repository, digest);
  });

  it('a wrong password is refused as AUTH_FAILED before anything is pushed, and the password appears nowhere', async () => {
    const image = await readOciLayout(ociDir);
    const repository = repo('denied');
    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    const redactor = new Redactor();
    const e = await expectAppError(
      pushImage({
        image,
        registry: env().registry,
        repository,
        tags: ['x'],
        auth: { username: env().registryUser, secret: wrong },
        redactor,
      }),
    );
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toBe(`${env().registry} rejected the username or password/token.`);
    expect(JSON.stringify(e.toPayload())).not.toContain(wrong);
    expect(redactor.redact(`echo ${wrong}`)).toBe('echo ••••••');
    expect(await tagList(env(), repository)).toBeNull();
  });

  it('rejects bad names before any request', async () => {
    const image = await readOciLayout(ociDir);
    const e = await expectAppError(
      pushImage({
        image,
        registry: env().registry,
        repository: 'Bad Name',
        tags: ['ok', '-bad'],
        auth: creds(),
      }),
    );
    expect(e.code).toBe('VALIDATION');
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(['repository', 'tags.1']);
  });

  it('a damaged layout is refused before the push starts', async () => {
    const dir = path.join(work, 'damaged');
    await cp(ociDir, dir, { recursive: true });
    const image = await readOciLayout(dir);
    const layer = image.blobs.at(-1);
    const bytes = await readFile(layer?.file ?? '');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await writeFile(layer?.file ?? '', bytes);
    const e = await expectAppError(readOciLayout(dir));
    expect(e.message).toContain(`blob ${layer?.digest} does not match its digest`);
  });
});
