import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyCredentials, type VerifyInput } from '../../../electron/services/credentials/verify';
import { startStandInTokenServer, type StandInTokenServer } from '../../support/stand-in-token-server';
import { expectAppError } from '../../support/expect-app-error';

// Docker Hub itself is out of reach from tests: this runs the Bearer path against a stand-in that speaks
// the Docker registry token protocol (see test/support/stand-in-token-server.ts).
const RW_TOKEN = 'dckr_pat_readwrite_0123456789abcdef';
const RO_TOKEN = 'dckr_pat_readonly_0123456789abcdef';
let hub: StandInTokenServer;

beforeAll(async () => {
  hub = await startStandInTokenServer({
    alice: { password: RW_TOKEN, canPush: true },
    reader: { password: RO_TOKEN, canPush: false },
  });
});
afterAll(() => hub.close());
beforeEach(() => {
  hub.requests.length = 0;
  hub.setRateLimited(false);
});

const verify = (over: Partial<VerifyInput>) =>
  verifyCredentials({
    registry: 'docker.io',
    username: 'alice',
    secret: RW_TOKEN,
    repository: 'kaniko-nginx',
    apiBase: hub.url,
    ...over,
  });

describe('Bearer challenge against the stand-in for Docker Hub', () => {
  it('logs in through the token realm and proves push rights, then cancels the upload', async () => {
    const r = await verify({});
    expect(r).toMatchObject({ registry: 'docker.io', canPush: true, anonymous: false });
    expect(r.message).toBe('Logged in to docker.io as alice and may push to alice/kaniko-nginx.');
    const tokenReq = hub.requests.find((q) => q.path.startsWith('/token'));
    expect(tokenReq?.path).toContain(`service=${hub.service}`);
    expect(decodeURIComponent(tokenReq?.path ?? '')).toContain(
      'scope=repository:alice/kaniko-nginx:pull,push',
    );
    expect(hub.requests.map((q) => q.method)).toEqual(['GET', 'GET', 'POST', 'DELETE']);
    expect(hub.openUploads()).toBe(0);
    // The secret only ever travels in the Authorization header of the token request.
    for (const q of hub.requests) expect(q.path).not.toContain(RW_TOKEN);
  });

  it('wrong token: the registry says "incorrect username or password", reported within 2 s', async () => {
    const t0 = performance.now();
    const e = await expectAppError(verify({ secret: 'dckr_pat_wrong' }));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toBe(
      'docker.io rejected the username or access token (incorrect username or password).',
    );
    expect(e.hint).toMatch(/personal access token/);
  });

  it('a read-only token can log in but not push', async () => {
    const e = await expectAppError(verify({ username: 'reader', secret: RO_TOKEN }));
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toBe('The login to docker.io works, but it may not push to reader/kaniko-nginx.');
    expect(e.hint).toMatch(/Read & Write/);
    expect(hub.openUploads()).toBe(0);
  });

  it("someone else's namespace is refused the same way", async () => {
    const e = await expectAppError(verify({ repository: 'library/nginx' }));
    expect(e.message).toMatch(/may not push to library\/nginx/);
  });

  it('e-mail instead of Docker ID is caught before any request', async () => {
    const e = await expectAppError(verify({ username: 'alice@example.com' }));
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toMatch(/Docker ID/);
    expect(hub.requests).toHaveLength(0);
  });

  it('rate limiting (429) is reported as such', async () => {
    hub.setRateLimited(true);
    const e = await expectAppError(verify({}));
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.message).toBe('docker.io is rate-limiting requests (HTTP 429); it asks to wait 60 s.');
  });

  it('login only (no repository) asks for no scope and checks nothing more', async () => {
    const r = await verify({ repository: null });
    expect(r.canPush).toBeNull();
    expect(hub.requests.map((q) => q.method)).toEqual(['GET', 'GET']);
  });
});
