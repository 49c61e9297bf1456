import { ApiError } from '../../api/client';

export interface Failure {
  message: string;
  hint?: string;
  fields?: Record<string, string>;
}

/** An API error (or anything thrown) in the shape ErrorNotice and the form fields show. */
export function toFailure(err: unknown): Failure {
  if (err instanceof ApiError) {
    return {
      message: err.message,
      ...(err.hint ? { hint: err.hint } : {}),
      ...(err.fields ? { fields: err.fields } : {}),
    };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}
