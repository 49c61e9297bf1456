import { describe, expect, it } from 'vitest';
import { buildStatus } from '../../../renderer/pages/build/build-status';
import { imageNameNote } from '../../../renderer/pages/build/form-state';

describe('buildStatus (the Build action bar line)', () => {
  const base = { running: null, result: null, startError: null, now: 100_000 };

  it('says what a running build does and for how long', () => {
    expect(buildStatus({ ...base, running: { step: 'Pulling executor image', startedAt: 88_000 } })).toEqual({
      tone: 'running',
      text: 'Pulling executor image · 12 s',
    });
    expect(buildStatus({ ...base, running: { step: null, startedAt: 100_000 } }).text).toBe('Building · 0 s');
  });

  it('says how a build ended, with its duration and the error message', () => {
    const ended = (result: 'succeeded' | 'failed' | 'cancelled', error: { message: string } | null = null) =>
      buildStatus({
        ...base,
        result: { result, durationMs: 65_000, error: error && { code: 'UNAVAILABLE', ...error } },
      });
    expect(ended('succeeded')).toEqual({ tone: 'succeeded', text: 'Build succeeded in 1 min 05 s' });
    expect(ended('cancelled').text).toBe('Build cancelled after 1 min 05 s');
    const quick = { result: 'succeeded' as const, durationMs: 4_250, error: null };
    expect(buildStatus({ ...base, result: quick }).text).toBe('Build succeeded in 4.3 s');
    expect(ended('failed', { message: 'The executor image x is not available' })).toEqual({
      tone: 'failed',
      text: 'Build failed after 1 min 05 s: The executor image x is not available',
    });
  });

  it('a refused start wins over an older result; nothing yet is "Ready to build"', () => {
    const old = { result: 'succeeded' as const, durationMs: 1000, error: null };
    expect(buildStatus({ ...base, result: old, startError: { message: 'No Podman' } })).toEqual({
      tone: 'failed',
      text: 'Not started: No Podman',
    });
    expect(buildStatus(base)).toEqual({ tone: 'idle', text: 'Ready to build' });
  });
});

describe('imageNameNote', () => {
  it('explains the localhost name of local-only builds unless a registry was chosen', () => {
    expect(imageNameNote({ registry: '', mode: 'local' }, 'localhost/app:1')).toMatch(
      /^None chosen: a local-only image is named localhost\/<repository>:<tag>.* The image will be localhost\/app:1\.$/,
    );
    expect(imageNameNote({ registry: '', mode: 'push' })).toContain('pushed to Docker Hub');
    expect(imageNameNote({ registry: 'ghcr.io', mode: 'local' }, 'ghcr.io/a/b:1')).toBe(
      'Registry chosen. The image will be ghcr.io/a/b:1.',
    );
  });
});
