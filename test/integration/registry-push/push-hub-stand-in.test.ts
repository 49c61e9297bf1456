import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/core/redactor';
import { readOciLayout, type OciImage } from '../../../electron/services/registry-push/oci-layout';
import { pushImage, type PushImageInput } from '../../../electron/services/registry-push/push-image';
import { expectAppError } from '../../support/expect-app-error';
import { writeFixtureLayout } from '../../support/oci-fixture';
import { startStandInTokenServer, type StandInTokenServer } from '../../support/stand-in-token-server';

// Docker Hub itself is out of reach from tests: the push's Bearer path runs against a stand-in that
// speaks the registry token protocol (test/support/stand-in-token-server.ts) and keeps what is pushed.
const RW_TOKEN = 'dckr_pat_readwrite_push_0123456789';
const RO_TOKEN = 'dckr_pat_readonly_push_0123456789';
let hub: StandInTokenServer;
let dir: string;
let image: OciImage;

beforeAll(async () => {
  hub = await startStandInTokenServer({
    alice: { password: RW_TOKEN, canPush: true },
    reader: { password: RO_TOKEN, canPush: false },
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'kd-hub-push-'));
  await writeFixtureLayout(dir, {
    kind: 'docker',
    layers: [Buffer.from('hub layer one'), Buffer.from('two')],
  });
  image = await readOciLayout(dir);
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  hub.requests.length = 0;
  hub.setRateLimited(false);
});

const push = (over: Partial<PushImageInput> = {}) =>
  pushImage({
    image,
    registry: 'https://index.docker.io/v1/',
    repository: 'kaniko-nginx',
    tags: ['1.0'],
    auth: { username: 'alice', secret: RW_TOKEN },
    apiBase: hub.url,
    policy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100 },
    ...over,
  });

const tokenRequests = () => hub.requests.filter((q) => q.path.startsWith('/token'));

describe('push through the stand-in for Docker Hub (Bearer token flow)', () => {
  it('https://index.docker.io/v1/ is docker.io; a bare name goes to the user namespace; scope pull,push', async () => {
    const redactor = new Redactor();
    const result = await push({ redactor });
    expect(result).toEqual({
      registry: 'docker.io',
      repository: 'alice/kaniko-nginx',
      digest: image.manifest.digest,
      tags: ['1.0'],
      references: [`docker.io/alice/kaniko-nginx:1.0@${image.manifest.digest}`],
    });
    const [token, ...more] = tokenRequests();
    expect(more).toHaveLength(0);
    const query = new URL(token?.path ?? '', hub.url).searchParams;
    expect(query.get('service')).toBe(hub.service);
    expect(query.get('scope')).toBe('repository:alice/kaniko-nginx:pull,push');
    expect(token?.authorization).toBe(`Basic ${Buffer.from(`alice:${RW_TOKEN}`).toString('base64')}`);
    // After the anonymous probe and the token request, every call carries the bearer token, never the PAT.
    const after = hub.requests.slice(hub.requests.indexOf(token as never) + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const q of after) expect(q.authorization).toMatch(/^Bearer /);
    for (const q of hub.requests) expect(q.path).not.toContain(RW_TOKEN);
    const bearer = after[0]?.authorization?.slice(7) ?? '';
    expect(redactor.redact(`token ${bearer}`)).toBe('token ••••••');

    const stored = hub.manifests.get('alice/kaniko-nginx:1.0');
    expect(stored?.bytes.equals(image.manifest.bytes)).toBe(true);
    expect(stored?.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect([...(hub.blobs.get('alice/kaniko-nginx') ?? [])].sort()).toEqual(
      image.blobs.map((b) => b.digest).sort(),
    );
    expect(hub.openUploads()).toBe(0);
  });

  it('every Docker Hub spelling pushes to the same place, and present blobs are skipped', async () => {
    for (const registry of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'DOCKER.IO']) {
      hub.requests.length = 0;
      const r = await push({ registry, repository: 'alice/kaniko-nginx', tags: ['2.0'] });
      expect(r.references).toEqual([`docker.io/alice/kaniko-nginx:2.0@${image.manifest.digest}`]);
      expect(hub.requests.filter((q) => q.method === 'POST')).toHaveLength(0);
    }
  });

  it('an expired token mid-push is renewed once and the push completes', async () => {
    let expired = false;
    const r = await push({
      tags: ['3.0'],
      onProgress: () => {
        if (!expired) {
          expired = true;
          hub.expireTokens();
        }
      },
    });
    expect(r.tags).toEqual(['3.0']);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('a read-only token logs in but the push is refused as AUTH_FAILED, with no tag', async () => {
    const e = await expectAppError(
      push({ auth: { username: 'reader', secret: RO_TOKEN }, repository: 'reader/app' }),
    );
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toBe(
      'docker.io refused the blob upload for reader/app (HTTP 401): the login may not push there.',
    );
    expect(e.hint).toMatch(/read-only access token cannot/);
    expect([...hub.manifests.keys()].some((k) => k.startsWith('reader/app'))).toBe(false);
  });

  it("someone else's namespace (library/nginx) is refused the same way", async () => {
    const e = await expectAppError(push({ repository: 'library/nginx' }));
    expect(e.message).toMatch(/^docker\.io refused the blob upload for library\/nginx/);
  });

  it("a wrong token is AUTH_FAILED with Docker Hub's words; an e-mail address is refused before any request", async () => {
    const wrong = await expectAppError(push({ auth: { username: 'alice', secret: 'dckr_pat_wrong_000' } }));
    expect(wrong.code).toBe('AUTH_FAILED');
    expect(wrong.message).toBe(
      'docker.io rejected the username or access token (incorrect username or password).',
    );
    expect(hub.requests.at(-1)?.path).toMatch(/^\/token/);
    hub.requests.length = 0;
    const email = await expectAppError(push({ auth: { username: 'alice@example.com', secret: RW_TOKEN } }));
    expect(email.message).toMatch(/Docker ID/);
    expect(hub.requests).toHaveLength(0);
  });

  it('rate limited everywhere: retried a bounded number of times, then UNAVAILABLE naming the registry', async () => {
    hub.setRateLimited(true);
    const t0 = performance.now();
    const e = await expectAppError(push());
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toBe('The login to docker.io failed: rate-limited (HTTP 429) after 2 attempts.');
    expect(hub.requests).toHaveLength(2);
    expect(performance.now() - t0).toBeLessThan(2000); // Retry-After: 60 is capped by the policy
  });
});
