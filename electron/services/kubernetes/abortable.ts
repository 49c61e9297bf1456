import { AppError } from '../../shared/errors';

/** Throws the abort reason (or a CANCELLED AppError) when the signal has fired. */
export function throwIfAborted(signal: AbortSignal): void {
  if (!signal.aborted) return;
  throw signal.reason instanceof AppError
    ? signal.reason
    : new AppError('CANCELLED', 'The cluster build was cancelled.');
}

/** Waits `ms`, or rejects as soon as the signal fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(
        signal.reason instanceof AppError
          ? signal.reason
          : new AppError('CANCELLED', 'The cluster build was cancelled.'),
      );
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(
        signal.reason instanceof AppError
          ? signal.reason
          : new AppError('CANCELLED', 'The cluster build was cancelled.'),
      );
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
