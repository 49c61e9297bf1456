/**
 * Runs `fn` at most once per interval: a call inside the interval is deferred to its end (the newest
 * state wins, nothing is queued twice); flush() runs it now. For snapshots that are costly to send.
 */
export interface Throttled {
  request(): void;
  flush(): void;
  cancel(): void;
}

export function throttle(fn: () => void, intervalMs: number, now: () => number = Date.now): Throttled {
  let last = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const flush = () => {
    cancel();
    last = now();
    fn();
  };
  return {
    request() {
      const wait = last + intervalMs - now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    flush,
    cancel,
  };
}
