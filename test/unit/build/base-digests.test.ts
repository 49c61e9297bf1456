import { describe, expect, it } from 'vitest';
import { resolveBaseDigests } from '../../../electron/services/build/runner/base-digests';

interface Seen {
  url: string;
  method: string;
  authorization: string | null;
}

/** A registry's answers, scripted per request; records what was asked. */
function registry(answers: ((req: Seen) => Response | null)[]) {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: string | URL, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const req = {
      url: String(input),
      method: init?.method ?? 'GET',
      authorization: headers.authorization ?? null,
    };
    seen.push(req);
    for (const a of answers) {
      const res = a(req);
      if (res) return res;
    }
    return new Response(null, { status: 404 });
  }) as typeof fetch;
  return { seen, fetchImpl };
}

const DIGEST = `sha256:${'a'.repeat(64)}`;
const noLogin = () => null;

describe('resolveBaseDigests', () => {
  it('asks Docker Hub for a token without a login when none is saved, scoped to pull', async () => {
    const { seen, fetchImpl } = registry([
      (r) => (r.url.startsWith('https://auth.example/token') ? Response.json({ token: 'tok' }) : null),
      (r) =>
        r.authorization === 'Bearer tok'
          ? new Response(null, { status: 200, headers: { 'docker-content-digest': DIGEST } })
          : new Response(null, {
              status: 401,
              headers: {
                'www-authenticate': 'Bearer realm="https://auth.example/token",service="registry.docker.io"',
              },
            }),
    ]);
    const out = await resolveBaseDigests(['nginx:1.27'], { authFor: noLogin, fetchImpl });
    expect(out).toEqual({ 'nginx:1.27': DIGEST });
    expect(seen[0]).toMatchObject({
      method: 'HEAD',
      url: 'https://registry-1.docker.io/v2/library/nginx/manifests/1.27',
    });
    const token = new URL(seen[1]?.url ?? '');
    expect(token.searchParams.get('scope')).toBe('repository:library/nginx:pull');
    expect(seen[1]?.authorization).toBeNull();
  });

  it('uses the saved login for a Basic registry, and needs no request for a pinned digest', async () => {
    const { seen, fetchImpl } = registry([
      (r) =>
        r.authorization?.startsWith('Basic ')
          ? new Response(null, { status: 200, headers: { 'docker-content-digest': DIGEST } })
          : new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } }),
    ]);
    const pinned = `127.0.0.1:5000/x@${DIGEST}`;
    const out = await resolveBaseDigests(['127.0.0.1:5000/team/base:1', pinned], {
      authFor: () => ({ username: 'u', secret: 's3cret' }),
      fetchImpl,
    });
    expect(out).toEqual({ '127.0.0.1:5000/team/base:1': DIGEST, [pinned]: DIGEST });
    expect(seen.map((s) => s.url)).toEqual([
      'http://127.0.0.1:5000/v2/team/base/manifests/1',
      'http://127.0.0.1:5000/v2/team/base/manifests/1',
    ]);
  });

  it('fails naming the image, without the secret, when the registry gives no digest', async () => {
    const { fetchImpl } = registry([
      () => new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } }),
    ]);
    const err = await resolveBaseDigests(['127.0.0.1:5000/team/base:1'], {
      authFor: () => ({ username: 'u', secret: 's3cret' }),
      fetchImpl,
    }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('127.0.0.1:5000/team/base:1');
    expect((err as Error).message).toContain('401');
    expect((err as Error).message).not.toContain('s3cret');
  });
});
