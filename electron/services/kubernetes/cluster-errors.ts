/**
 * Turns what @kubernetes/client-node throws into AppErrors a user can act on.
 */
import { ApiException } from '@kubernetes/client-node';
import { AppError } from '../../shared/errors';

interface StatusBody {
  message?: string;
  reason?: string;
}

function statusBody(body: unknown): StatusBody {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  return body !== null && typeof body === 'object' ? (body as StatusBody) : {};
}

const NETWORK_CODES =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN|UND_ERR_CONNECT|CERT|certificate/i;

function networkDetail(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    const text = `${typeof code === 'string' ? code : ''} ${typeof message === 'string' ? message : ''}`;
    if (NETWORK_CODES.test(text) || /fetch failed/.test(text)) {
      const cause = (e as { cause?: unknown }).cause;
      if (!cause) return text.trim();
      e = cause;
      continue;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** `action` says what we were doing, e.g. "create the Job". */
export function toClusterError(
  err: unknown,
  action: string,
  ctx: { namespace: string; server?: string },
): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ApiException) {
    const code = (err as ApiException<unknown>).code;
    const body = statusBody((err as ApiException<unknown>).body);
    const detail = body.message ?? `HTTP ${code}`;
    if (code === 403) {
      return new AppError(
        'AUTH_FAILED',
        `The cluster refused to let you ${action} in namespace "${ctx.namespace}": ${detail}`,
        {
          hint: 'Your kubeconfig user needs RBAC rights to create Secrets, ConfigMaps and Jobs and to read pods, pod logs and events there.',
          cause: err,
        },
      );
    }
    if (code === 401) {
      return new AppError(
        'AUTH_FAILED',
        `The cluster did not accept your credentials (could not ${action}).`,
        {
          hint: 'Log in again (your kubeconfig token or certificate may have expired).',
          cause: err,
        },
      );
    }
    if (code === 404) {
      return new AppError('NOT_FOUND', `Could not ${action}: ${detail}`, {
        hint: `Check that namespace "${ctx.namespace}" exists.`,
        cause: err,
      });
    }
    if (code === 409) {
      return new AppError('CONFLICT', `Could not ${action}: ${detail}`, { cause: err });
    }
    if (code === 422 || code === 400) {
      return new AppError('VALIDATION', `The cluster rejected the request to ${action}: ${detail}`, {
        cause: err,
      });
    }
    if (code === 500 && /Error occurred in log request/.test(err.message) && !body.message) {
      // client-node's Log wraps network failures this way.
      return unreachable(action, ctx, err);
    }
    return new AppError('UNAVAILABLE', `Could not ${action}: ${detail}`, { cause: err });
  }
  if (networkDetail(err) !== null) return unreachable(action, ctx, err);
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('UNAVAILABLE', `Could not ${action}: ${message}`, { cause: err });
}

function unreachable(action: string, ctx: { server?: string }, err: unknown): AppError {
  const where = ctx.server ? ` at ${ctx.server}` : '';
  const detail = networkDetail(err);
  return new AppError(
    'UNAVAILABLE',
    `The cluster${where} is unreachable (could not ${action})${detail ? `: ${detail}` : ''}.`,
    {
      hint: 'Check the kubeconfig context, VPN or network, and that the API server is running.',
      cause: err,
    },
  );
}
