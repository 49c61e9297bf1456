import { z } from 'zod';

/** Every failure that crosses the API boundary carries one of these codes. */
export const ErrorCode = z.enum([
  'BAD_REQUEST', // params failed the contract's schema, or the method is unknown
  'VALIDATION', // well-formed but invalid input (field errors in `fields`)
  'ENGINE_UNAVAILABLE', // no Podman API answering
  'NOT_FOUND',
  'CONFLICT', // e.g. a busy port, a machine that already exists
  'CANCELLED',
  'AUTH_FAILED',
  'UNAVAILABLE', // a dependency (registry, cluster, binary) cannot be reached or is missing
  'TIMEOUT',
  'BUILD_FAILED', // the executor ran and the build itself failed (a step, a base image, a push); see `failure`
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  /** What the user can do about it, in one sentence. */
  hint: z.string().optional(),
  /** Field path → message, for forms. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

/** A failure meant for the user: message and hint are shown as they are. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly fields: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; fields?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = opts.hint;
    this.fields = opts.fields;
  }

  toPayload(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}

/**
 * Field errors → one VALIDATION error: `fields` keeps them per field (forms show each under its input);
 * the message lists the sentences as a reader sees them, without the internal field names.
 */
export function validationError(fields: Record<string, string>): AppError {
  const message = Object.values(fields)
    .map((v) => {
      const s = v.trim();
      const sentence = s.charAt(0).toUpperCase() + s.slice(1);
      return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
    })
    .join(' ');
  return new AppError('VALIDATION', message, { fields });
}

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) return err.toPayload();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
