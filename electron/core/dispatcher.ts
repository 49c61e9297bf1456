import { AppError, toErrorPayload } from '../shared/errors';
import {
  isRequestName,
  requests,
  type Envelope,
  type ParsedParams,
  type RequestName,
  type Result,
} from '../shared/contract';
import type { Redactor } from './redactor';

export interface HandlerContext {
  /** Which transport the call came through (for logging and per-connection state). */
  transport: 'desktop' | 'browser';
}

export type Handlers = {
  [K in RequestName]: (params: ParsedParams<K>, ctx: HandlerContext) => Promise<Result<K>>;
};

export type Dispatch = (method: unknown, params: unknown, ctx: HandlerContext) => Promise<Envelope>;

/**
 * Validates a request against the contract, runs its handler and wraps the outcome in an envelope.
 * Never throws: a malformed request gets a BAD_REQUEST envelope and the transport keeps serving.
 */
export function createDispatcher(handlers: Handlers, redactor: Redactor): Dispatch {
  return async (method, params, ctx) => {
    try {
      if (!isRequestName(method)) {
        // Never String(method): a JSON object with its own "toString" key would throw.
        const name =
          typeof method === 'string' ? JSON.stringify(method).slice(0, 80) : `of type ${typeof method}`;
        throw new AppError('BAD_REQUEST', `Unknown request ${name}.`);
      }
      const def = requests[method];
      const parsed = def.params.safeParse(params ?? {});
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) fields[issue.path.join('.') || '(params)'] = issue.message;
        throw new AppError('BAD_REQUEST', `Invalid parameters for ${method}.`, { fields });
      }
      const handler = handlers[method] as (p: unknown, c: HandlerContext) => Promise<unknown>;
      const result = await handler(parsed.data, ctx);
      // Results are validated too: a handler bug must not reach the renderer as malformed data.
      const checked = def.result.safeParse(result);
      if (!checked.success) {
        throw new AppError('INTERNAL', `${method} produced a result that does not match the contract.`);
      }
      return { ok: true, result: redactor.redactDeep(checked.data) };
    } catch (err) {
      return { ok: false, error: redactor.redactDeep(toErrorPayload(err)) };
    }
  };
}
