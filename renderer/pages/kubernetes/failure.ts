import { ApiError } from '../../api/client';

export type Failure = { message: string; hint?: string };

export function toFailure(err: unknown): Failure {
  if (err instanceof ApiError) return { message: err.message, hint: err.hint };
  return { message: err instanceof Error ? err.message : String(err) };
}
