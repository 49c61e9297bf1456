import { expect } from 'vitest';
import { AppError } from '../../electron/shared/errors';

/** Awaits a promise that must reject with an AppError, and returns that error for further checks. */
export async function expectAppError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
