import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { duringPhase, isConnectionLoss } from '../../../electron/services/build/runner/engine-loss';
import { AppError } from '../../../electron/shared/errors';

const engine = (alive: boolean | 'hang') =>
  ({
    ping: () =>
      alive === 'hang'
        ? new Promise(() => undefined)
        : alive
          ? Promise.resolve('OK')
          : Promise.reject(new Error('x')),
  }) as unknown as Docker;

const failing = (err: unknown) => () => Promise.reject(err);
const withCode = (code: string) => Object.assign(new Error(`connect ${code} /run/podman.sock`), { code });

describe('an engine phase that fails', () => {
  it('names the phase when the connection broke, whatever the engine says now', async () => {
    await expect(duringPhase('upload', engine(true), failing(withCode('ECONNRESET')))).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      message: 'Podman stopped answering during the context upload.',
    });
    await expect(
      duringPhase('load', engine(true), failing(new Error('socket hang up'))),
    ).rejects.toMatchObject({ message: 'Podman stopped answering during the image read-back and load.' });
  });

  it('names the phase when the engine no longer answers a ping (or hangs), even for a vague error', async () => {
    const vague = new AppError(
      'VALIDATION',
      'The built image cannot be pushed: reading the build output failed.',
    );
    await expect(duringPhase('push', engine(false), failing(vague))).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      message: expect.stringMatching(/^Podman stopped answering during the push/),
    });
    const t0 = Date.now();
    await expect(duringPhase('executor', engine('hang'), failing(new Error('odd')))).rejects.toMatchObject({
      message: 'Podman stopped answering during the executor run.',
    });
    expect(Date.now() - t0).toBeLessThan(1_500);
  });

  it('keeps other explanations: a live engine, a cancel, a registry error', async () => {
    const odd = new Error('no such container');
    await expect(duringPhase('upload', engine(true), failing(odd))).rejects.toBe(odd);
    const cancelled = new AppError('CANCELLED', 'The build was cancelled.');
    await expect(duringPhase('upload', engine(false), failing(cancelled))).rejects.toBe(cancelled);
    const registry = new AppError('UNAVAILABLE', 'The blob upload to r failed: 500.');
    await expect(duringPhase('push', engine(false), failing(registry))).rejects.toBe(registry);
  });

  it('turns the attach loss into the phase-named error', async () => {
    const lost = new AppError('ENGINE_UNAVAILABLE', 'The connection to Podman was lost during the build.');
    await expect(duringPhase('executor', engine(true), failing(lost))).rejects.toMatchObject({
      message: 'Podman stopped answering during the executor run.',
      hint: expect.stringMatching(/removes the build container/),
    });
  });

  it('says "no space" and where, when the disk is full and the engine is alive', async () => {
    const full = new Error('writing blob: adding layer: write /var/tmp/x: no space left on device');
    await expect(duringPhase('load', engine(true), failing(full))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: "No space left on device: Podman's storage is full while the image was loaded into it.",
      hint: expect.stringMatching(/podman system prune/),
    });
    const tmpFull = new AppError(
      'VALIDATION',
      'The built image cannot be pushed: reading the build output failed',
      {
        cause: Object.assign(new Error('write failed'), { code: 'ENOSPC' }),
      },
    );
    await expect(duringPhase('push', engine(true), failing(tmpFull))).rejects.toMatchObject({
      message: expect.stringMatching(/^No space left on device: the temp folder .+ filled up while the push/),
    });
  });

  it('finds a connection loss down the cause chain', () => {
    expect(isConnectionLoss(new Error('wrapped', { cause: withCode('ECONNREFUSED') }))).toBe(true);
    expect(isConnectionLoss(new Error('premature close'))).toBe(true);
    expect(isConnectionLoss(new Error('no space left on device'))).toBe(false);
    expect(isConnectionLoss(null)).toBe(false);
  });
});
