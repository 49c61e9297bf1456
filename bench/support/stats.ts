/** Summary of one series of timings (milliseconds). */
export interface Series {
  runs: number[];
  median: number;
  mean: number;
  min: number;
  max: number;
}

export function series(runs: number[]): Series {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const mean = runs.reduce((a, b) => a + b, 0) / Math.max(1, runs.length);
  return { runs, median, mean, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

export const ms = (n: number): string => `${Math.round(n)} ms`;
export const fixed = (n: number, digits = 3): string => n.toFixed(digits);

/** Elapsed milliseconds of an async step. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
