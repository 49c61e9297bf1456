/**
 * Where push credentials may go. The page can change the engine address and the executor image, and a
 * push build hands the registry credential to both: so a tcp:// engine and a non-default image need the
 * user's own confirmation (main's dialog, or the browser-mode code), and plain tcp:// off this machine is
 * refused (the engine client speaks no TLS; an SSH tunnel to a local socket or loopback port does).
 */
import { AppError } from '../shared/errors';
import type { Approvals } from './confirm';

export type EngineAddressCheck =
  { kind: 'local' } | { kind: 'confirm'; address: string } | { kind: 'refused'; message: string };

const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/** Unix sockets and named pipes stay free to choose; tcp:// must stay on this machine and be confirmed. */
export function checkEngineAddress(address: string): EngineAddressCheck {
  const a = address.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(a) || /^(unix|npipe):\/\//i.test(a)) return { kind: 'local' };
  let url: URL;
  try {
    url = new URL(a.replace(/^tcp:/i, 'http:'));
  } catch {
    return { kind: 'refused', message: `"${a.slice(0, 80)}" is not an engine address.` };
  }
  if (!/^(tcp|http):$/i.test(a.slice(0, a.indexOf(':') + 1))) {
    return { kind: 'refused', message: 'Use a unix socket path, a named pipe or tcp://127.0.0.1:PORT.' };
  }
  if (!LOOPBACK_HOST.test(url.hostname)) {
    return {
      kind: 'refused',
      message: `${url.host} is another machine, reached without TLS: push credentials would cross the network in clear.`,
    };
  }
  return { kind: 'confirm', address: `tcp://${url.host}` };
}

/** Throws unless the engine address is local, or loopback tcp:// and confirmed by the user. */
export async function approveEngineAddress(address: string, approvals: Approvals): Promise<void> {
  const check = checkEngineAddress(address);
  if (check.kind === 'local') return;
  if (check.kind === 'refused') {
    throw new AppError('VALIDATION', check.message, {
      hint: 'Forward the remote engine over SSH to a local socket (ssh -L /tmp/podman.sock:/run/podman/podman.sock host) and use that.',
      fields: { engineSocket: check.message },
    });
  }
  await approvals.require({
    title: `Use the engine at ${check.address}?`,
    message:
      'Any program on this machine can listen on a local TCP port. Builds that push send your registry credentials to whatever answers there.',
    detail: check.address,
    confirmLabel: 'Use this engine',
  });
}

/** Throws unless the image is the default one, or the user confirmed it after the warning. */
export async function approveExecutorImage(
  image: string,
  defaultImage: string,
  approvals: Approvals,
): Promise<void> {
  if (image.trim() === '' || image.trim() === defaultImage) return;
  await approvals.require(
    {
      title: `Use ${image} as the executor image?`,
      message:
        'This is not the pinned Kaniko image. The executor image runs your builds and, for pushes, receives your registry credentials: use it only if you trust who made it.',
      detail: image,
      confirmLabel: 'Trust this image',
    },
    `executor-image:${image.trim()}`,
  );
}
