import { AppError } from '../../shared/errors';

/**
 * Capabilities a preview keeps after `CapDrop: ALL`. Chosen for what common web-server images
 * (nginx, httpd, caddy, node) do when they start as root:
 * - NET_BIND_SERVICE: listen on ports below 1024 (nginx's default 80) inside the container;
 * - SETUID, SETGID: drop from root to their own user (nginx, www-data) after binding;
 * - CHOWN: give that user its cache/temp folders at start-up (nginx's entrypoint, httpd);
 * - DAC_OVERRIDE, FOWNER: root writing/chmod-ing files it does not own (volumes, copied content);
 * - KILL: the root master signalling workers that now run as another user (graceful stop/reload).
 * Left out of Podman's defaults on purpose: FSETID, SETFCAP, SETPCAP, SYS_CHROOT, MKNOD, NET_RAW,
 * AUDIT_WRITE — a web page preview needs none of them. Callers may add more, explicitly.
 */
export const PREVIEW_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'KILL',
  'NET_BIND_SERVICE',
  'SETGID',
  'SETUID',
] as const;

const CAP_NAME = /^[A-Z][A-Z_]{1,31}$/;

/** The default set plus the caller's extras (accepted with or without CAP_), deduplicated. */
export function previewCapabilities(extra: readonly string[] = []): string[] {
  const out = new Set<string>(PREVIEW_CAPABILITIES);
  for (const raw of extra) {
    const name = raw.trim().toUpperCase().replace(/^CAP_/, '');
    if (!CAP_NAME.test(name) || name === 'ALL') {
      throw new AppError('VALIDATION', `"${raw.slice(0, 40)}" is not a capability name.`, {
        fields: { extraCapabilities: 'Use names such as NET_RAW (not ALL).' },
      });
    }
    out.add(name);
  }
  return [...out].sort();
}
