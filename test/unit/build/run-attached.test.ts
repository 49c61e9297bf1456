import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAttached } from '../../../electron/services/build/runner/run-attached';

/** A stand-in container (the engine call order is what is under test): records what was asked of it. */
function fakeContainer() {
  const calls: string[] = [];
  const stream = new PassThrough();
  const container = {
    attach: async () => {
      calls.push('attach');
      return stream;
    },
    wait: async () => new Promise(() => undefined),
    start: async () => {
      calls.push('start');
    },
    inspect: async () => ({ State: { Running: true } }),
  };
  return { container: container as unknown as Docker.Container, calls, stream };
}

describe('runAttached and a cancel that came first', () => {
  it('a signal aborted before the start never starts the container (its listener would never fire)', async () => {
    const { container, calls, stream } = fakeContainer();
    const ac = new AbortController();
    ac.abort();
    await expect(
      runAttached(container, { signal: ac.signal, onOutput: () => undefined }),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(calls).toEqual(['attach']);
    expect(stream.destroyed).toBe(true);
  });
});
