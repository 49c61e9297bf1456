import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/core/redactor';
import { readOciLayout, type OciImage } from '../../../electron/services/registry-push/oci-layout';
import { pushImage, type PushImageInput } from '../../../electron/services/registry-push/push-image';
import type { PushFetch } from '../../../electron/services/registry-push/node-request';
import { pushLayoutArchive } from '../../../electron/services/registry-push/push-layout-archive';
import { expectAppError } from '../../support/expect-app-error';
import { writeFixtureLayout } from '../../support/oci-fixture';
import {
  connectionError,
  manifestCreated,
  mockRegistry,
  MOCK_REGISTRY,
  type Step,
  type StepHandler,
} from './mock-registry';

const SECRET = 'pw-Zx81-not-in-any-message';
const FAST = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 2000 };
let dir: string;
let image: OciImage;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kd-push-unit-'));
  await writeFixtureLayout(dir, { layers: [Buffer.from('layer one'), Buffer.alloc(600_000, 3)] });
  image = await readOciLayout(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function push(over: Partial<Record<Step, StepHandler>>, input: Partial<PushImageInput> = {}) {
  const mock = mockRegistry(over);
  const run = pushImage({
    image,
    registry: MOCK_REGISTRY,
    repository: 'team/app',
    tags: ['a', 'b'],
    auth: { username: 'ci', secret: SECRET },
    fetchImpl: mock.fetchImpl,
    policy: FAST,
    ...input,
  });
  return { mock, run };
}

const status =
  (s: number, body: unknown = {}, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), { status: s, headers });

describe('push error mapping', () => {
  it('the happy path: login, HEAD + POST + PUT per blob, then one manifest PUT per tag', async () => {
    const { mock, run } = push({});
    const result = await run;
    expect(result.tags).toEqual(['a', 'b']);
    expect(mock.steps()).toEqual([
      'probe',
      'login',
      'head',
      'post',
      'put',
      'head',
      'post',
      'put',
      'head',
      'post',
      'put',
      'manifest',
      'manifest',
    ]);
    const manifestPut = mock.calls.find((c) => c.step === 'manifest');
    expect(manifestPut?.body?.equals(image.manifest.bytes)).toBe(true);
    const blobPut = mock.calls.filter((c) => c.step === 'put')[2];
    expect(blobPut?.body?.length).toBe(600_000);
    expect(blobPut?.url).toContain(`digest=${encodeURIComponent(image.blobs[2]?.digest ?? '')}`);
  });

  it('a refused login is AUTH_FAILED, before any blob is touched', async () => {
    const { mock, run } = push({ login: status(401) });
    const e = await expectAppError(run);
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toBe(`${MOCK_REGISTRY} rejected the username or password/token.`);
    expect(mock.steps()).toEqual(['probe', 'login']);
  });

  it('403 on a blob upload or 401 on the manifest is AUTH_FAILED naming the phase; no tag is pushed', async () => {
    const blob = await expectAppError(push({ post: status(403) }).run);
    expect(blob.code).toBe('AUTH_FAILED');
    expect(blob.message).toBe(
      `${MOCK_REGISTRY} refused the blob upload for team/app (HTTP 403): the login may not push there.`,
    );
    const { mock, run } = push({ manifest: status(401) });
    const manifest = await expectAppError(run);
    expect(manifest.message).toMatch(/refused the manifest for team\/app \(HTTP 401\)/);
    expect(mock.steps().filter((s) => s === 'manifest')).toHaveLength(1);
  });

  it('/v2/ open to all but the push needing a login: the push answers the challenge and goes on', async () => {
    const basicChallenge = { 'www-authenticate': 'Basic realm="mock"' };
    const { mock, run } = push({
      probe: status(200),
      post: (c, n) => (c.authorization ? defaultPost(n) : status(401, {}, basicChallenge)()),
    });
    expect((await run).tags).toEqual(['a', 'b']);
    expect(mock.steps().slice(0, 5)).toEqual(['probe', 'head', 'post', 'login', 'post']);
    expect(
      mock.calls.filter((c) => c.step === 'manifest').every((c) => c.authorization?.startsWith('Basic ')),
    ).toBe(true);
    const anonymous = await expectAppError(
      push({ probe: status(200), post: status(401, {}, basicChallenge) }, { auth: null }).run,
    );
    expect(anonymous.message).toBe(`${MOCK_REGISTRY} needs a login to push, and no credentials were given.`);
  });

  it('5xx on every attempt: UNAVAILABLE naming the phase and the registry; each retry opens a fresh upload', async () => {
    const { mock, run } = push({ put: status(503) });
    const e = await expectAppError(run);
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toBe(`The blob upload to ${MOCK_REGISTRY} failed: HTTP 503 after 3 attempts.`);
    const puts = mock.calls.filter((c) => c.step === 'put').map((c) => new URL(c.url).pathname);
    expect(new Set(puts).size).toBe(3);
    expect(mock.steps()).not.toContain('manifest');
  });

  it('dropped connections are retried and the push then succeeds', async () => {
    const { mock, run } = push({
      head: (_c, n) => {
        if (n <= 2) throw connectionError('ECONNRESET');
        return new Response(null, { status: 404 });
      },
    });
    expect((await run).tags).toEqual(['a', 'b']);
    expect(mock.steps().filter((s) => s === 'head')).toHaveLength(5);
  });

  it('429 waits as long as Retry-After says (capped), then goes on', async () => {
    const t0 = performance.now();
    const { run } = push({
      head: (_c, n) =>
        n === 1 ? status(429, {}, { 'retry-after': '1' })() : new Response(null, { status: 200 }),
    });
    expect((await run).tags).toEqual(['a', 'b']);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    const limited = await expectAppError(push({ manifest: status(429, {}, { 'retry-after': '0' }) }).run);
    expect(limited.message).toBe(
      `The manifest to ${MOCK_REGISTRY} failed: rate-limited (HTTP 429) after 3 attempts.`,
    );
  });

  it('a registry that echoes the password has it masked; the app redactor learns it too', async () => {
    const redactor = new Redactor();
    const echo = status(400, { errors: [{ code: 'MANIFEST_INVALID', message: `bad push by ci:${SECRET}` }] });
    const e = await expectAppError(push({ manifest: echo }, { redactor }).run);
    expect(e.message).toBe(
      `The manifest to ${MOCK_REGISTRY} failed: HTTP 400 for tag a (MANIFEST_INVALID: bad push by ci:••••••).`,
    );
    expect(JSON.stringify(e.toPayload())).not.toContain(SECRET);
    expect(redactor.redact(SECRET)).toBe('••••••');
  });

  it('the second tag failing names the tag already pushed', async () => {
    const { run } = push({ manifest: (c, n) => (n === 2 ? status(400, {})() : manifestCreated(c.body)) });
    const e = await expectAppError(run);
    expect(e.message).toMatch(/HTTP 400 for tag b \(already pushed: a\)/);
  });

  it('the second tag failing after every retry names the tag already pushed', async () => {
    const { run } = push({ manifest: (c, n) => (n === 1 ? manifestCreated(c.body) : status(503, {})()) });
    const e = await expectAppError(run);
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toBe(
      `The manifest to ${MOCK_REGISTRY} failed: HTTP 503 after 3 attempts for tag b (already pushed: a).`,
    );
  });

  it('a registry that stores another digest is an error, not a pushed tag', async () => {
    const other = `sha256:${'0'.repeat(64)}`;
    const e = await expectAppError(
      push({ manifest: status(201, {}, { 'docker-content-digest': other }) }).run,
    );
    expect(e.message).toContain(
      `stored the manifest under ${other} instead of the built ${image.manifest.digest}`,
    );
  });

  it('cancel during a retry pause: CANCELLED at once', async () => {
    const ac = new AbortController();
    const { run } = push(
      { head: status(503) },
      { signal: ac.signal, policy: { maxAttempts: 4, baseDelayMs: 5000, maxDelayMs: 5000 } },
    );
    setTimeout(() => ac.abort(), 50);
    const t0 = performance.now();
    const e = await expectAppError(run);
    expect(e.code).toBe('CANCELLED');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('the tags are the commit: onCommit runs once, after every blob and before the first manifest PUT', async () => {
    const stepsAtCommit: string[][] = [];
    const { mock, run } = push({}, { onCommit: () => stepsAtCommit.push(mock.steps()) });
    await run;
    expect(stepsAtCommit).toHaveLength(1);
    expect(stepsAtCommit[0]?.filter((s) => s === 'put')).toHaveLength(image.blobs.length);
    expect(stepsAtCommit[0]).not.toContain('manifest');
  });

  it('a cancel that lands while the last blob goes up: CANCELLED, no commit and no tag written', async () => {
    const ac = new AbortController();
    let committed = false;
    const { mock, run } = push(
      {
        put: (c, nth) => {
          if (nth === image.blobs.length) ac.abort();
          return new Response(null, {
            status: 201,
            headers: { 'docker-content-digest': new URL(c.url).searchParams.get('digest') ?? '' },
          });
        },
      },
      { signal: ac.signal, onCommit: () => (committed = true) },
    );
    const e = await expectAppError(run);
    expect(e.code).toBe('CANCELLED');
    expect(committed).toBe(false);
    expect(mock.steps()).not.toContain('manifest');
  });

  it('a request that hangs is dropped after the stall limit: TIMEOUT naming the phase', async () => {
    const hang = (c: { url: string }) =>
      new Promise<Response>(() => {
        void c; // never answers; the stall watchdog aborts the request
      });
    const mock = mockRegistry({ head: hang });
    const fetchImpl: PushFetch = (input, init) =>
      Promise.race([
        mock.fetchImpl(input, init),
        new Promise<never>((_r, reject) =>
          init.signal.addEventListener('abort', () => reject(init.signal.reason)),
        ),
      ]);
    const e = await expectAppError(
      pushImage({
        image,
        registry: MOCK_REGISTRY,
        repository: 'team/app',
        tags: ['a'],
        auth: { username: 'ci', secret: SECRET },
        fetchImpl,
        policy: { ...FAST, maxAttempts: 1 },
        stallMs: 1000,
      }),
    );
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toBe(`The blob check to ${MOCK_REGISTRY} stalled for 1 s.`);
  });

  it('a layout whose digest differs from what the build reported is refused before any request', async () => {
    const { mock, run } = push({}, { expectedDigest: `sha256:${'2'.repeat(64)}` });
    const e = await expectAppError(run);
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe(
      `The built image cannot be pushed: its manifest is ${image.manifest.digest}, but the build reported sha256:${'2'.repeat(64)}.`,
    );
    expect(mock.calls).toHaveLength(0);
  });

  it('bad names fail before the archive is unpacked, and the archive is closed', async () => {
    const tmpRoot = await mkdtemp(path.join(os.tmpdir(), 'kd-push-names-'));
    const archive = new PassThrough();
    const e = await expectAppError(
      pushLayoutArchive({
        archive,
        tmpRoot,
        registry: 'not a host',
        repository: 'App',
        tags: ['x'],
        auth: null,
      }),
    );
    expect(e.code).toBe('VALIDATION');
    expect(archive.destroyed).toBe(true);
    expect(await readdir(tmpRoot)).toEqual([]);
    await rm(tmpRoot, { recursive: true });
  });
});

const defaultPost = (n: number) =>
  new Response(null, { status: 202, headers: { location: `/v2/team/app/blobs/uploads/p${n}` } });
