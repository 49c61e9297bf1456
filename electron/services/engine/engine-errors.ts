/** What dockerode rejects with when the engine answers an HTTP error. */
interface EngineHttpError {
  statusCode?: number;
  json?: { message?: string; cause?: string } | null;
  reason?: string;
  message?: string;
}

export function engineStatusCode(err: unknown): number | undefined {
  return (err as EngineHttpError | null)?.statusCode;
}

/** The engine's own words for a failed call, without dockerode's "(HTTP code 500) …" wrapping. */
export function engineMessage(err: unknown): string {
  const e = err as EngineHttpError | null;
  const text = e?.json?.message ?? e?.json?.cause ?? e?.message ?? String(err);
  return text.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

export function isNotFound(err: unknown): boolean {
  return engineStatusCode(err) === 404;
}
