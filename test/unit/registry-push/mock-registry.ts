import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { PushFetch } from '../../../electron/services/registry-push/node-request';

/**
 * A fetch-level mock of the distribution API for unit tests of the push's error mapping: Basic login,
 * HEAD blob → 404, POST upload → 202, PUT upload/manifest → 201 with Docker-Content-Digest. Each step can
 * be replaced; every call is recorded.
 */
export type Step = 'probe' | 'login' | 'head' | 'post' | 'put' | 'manifest';

export interface MockCall {
  step: Step;
  method: string;
  url: string;
  authorization: string | null;
  body: Buffer | null;
}

export type StepHandler = (call: MockCall, nth: number) => Response | Promise<Response>;

export const MOCK_REGISTRY = '127.0.0.1:5999';
const BASE = `http://${MOCK_REGISTRY}`;

export function mockRegistry(over: Partial<Record<Step, StepHandler>> = {}) {
  const calls: MockCall[] = [];
  let uploads = 0;
  const defaults: Record<Step, StepHandler> = {
    probe: () => new Response('{}', { status: 401, headers: { 'www-authenticate': 'Basic realm="mock"' } }),
    login: () => new Response('{}', { status: 200 }),
    head: () => new Response(null, { status: 404 }),
    post: () =>
      new Response(null, {
        status: 202,
        headers: { location: `/v2/team/app/blobs/uploads/u${++uploads}?_state=x` },
      }),
    put: (c) =>
      new Response(null, {
        status: 201,
        headers: { 'docker-content-digest': new URL(c.url).searchParams.get('digest') ?? '' },
      }),
    manifest: (c) => manifestCreated(c.body),
  };
  const fetchImpl: PushFetch = async (input, init) => {
    const url = new URL(input);
    const method = init.method;
    const authorization = init.headers.authorization ?? null;
    const body =
      init.body instanceof Readable
        ? Buffer.concat((await init.body.toArray()) as Buffer[])
        : init.body
          ? Buffer.from(init.body)
          : null;
    const step: Step =
      url.pathname === '/v2/'
        ? authorization
          ? 'login'
          : 'probe'
        : method === 'HEAD'
          ? 'head'
          : method === 'POST'
            ? 'post'
            : url.pathname.includes('/manifests/')
              ? 'manifest'
              : 'put';
    const call = { step, method, url: url.toString(), authorization, body };
    calls.push(call);
    const nth = calls.filter((c) => c.step === step).length;
    return (over[step] ?? defaults[step])(call, nth);
  };
  return { fetchImpl, calls, base: BASE, steps: () => calls.map((c) => c.step) };
}

/** What undici throws when the connection drops: a TypeError whose cause carries the code. */
export function connectionError(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

/** The registry's answer to a good manifest PUT: 201 with the digest of the bytes it got. */
export function manifestCreated(body: Buffer | null): Response {
  return new Response(null, {
    status: 201,
    headers: {
      'docker-content-digest': `sha256:${createHash('sha256')
        .update(body ?? '')
        .digest('hex')}`,
    },
  });
}
