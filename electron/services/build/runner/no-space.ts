import os from 'node:os';
import { AppError } from '../../../shared/errors';
import type { EnginePhase } from './engine-loss';

const NO_SPACE_RE = /no space left on device|ENOSPC|disk quota exceeded/i;

/** Whether `err` (or anything in its cause chain) is a full disk. */
export function isNoSpace(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 8; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === 'ENOSPC' || (typeof message === 'string' && NO_SPACE_RE.test(message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A full disk, said plainly with where: the push unpacks the built image into this computer's temp
 * folder; every other phase writes into Podman's storage. Nothing half-written is reported as built.
 */
export function noSpaceError(phase: EnginePhase, cause: unknown): AppError {
  if (phase === 'push') {
    return new AppError(
      'UNAVAILABLE',
      `No space left on device: the temp folder ${os.tmpdir()} filled up while the push unpacked the built image.`,
      { hint: 'Free space there (or point TMPDIR at a bigger disk), then build again.', cause },
    );
  }
  const during = phase === 'load' ? 'while the image was loaded into it' : 'during the build';
  return new AppError('UNAVAILABLE', `No space left on device: Podman's storage is full ${during}.`, {
    hint: 'Free space where Podman keeps images and containers (`podman system prune` removes unused ones; a Podman machine can be given a bigger disk), then build again.',
    cause,
  });
}
