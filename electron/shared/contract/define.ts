import type { z } from 'zod';

export interface RequestDef<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  params: P;
  result: R;
}

export interface EventDef<S extends z.ZodType = z.ZodType> {
  payload: S;
  /** Sticky events are state: a late subscriber gets the latest one at once. */
  sticky: boolean;
}

export const request = <P extends z.ZodType, R extends z.ZodType>(
  params: P,
  result: R,
): RequestDef<P, R> => ({
  params,
  result,
});

export const event = <S extends z.ZodType>(payload: S, opts: { sticky?: boolean } = {}): EventDef<S> => ({
  payload,
  sticky: opts.sticky ?? false,
});
