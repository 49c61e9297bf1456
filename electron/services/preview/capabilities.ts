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
 * AUDIT_WRITE — a web page preview needs none of them. Callers may add those back, explicitly, and
 * nothing else: PREVIEW_EXTRA_ALLOWED is the rest of the engines' default set.
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

/**
 * What a preview may add: the rest of Podman's and Docker's default set. Anything beyond (SYS_ADMIN,
 * NET_ADMIN, SYS_PTRACE…) would let an image reach the host kernel or other processes.
 */
export const PREVIEW_EXTRA_ALLOWED = [
  'AUDIT_WRITE',
  'FSETID',
  'MKNOD',
  'NET_RAW',
  'SETFCAP',
  'SETPCAP',
  'SYS_CHROOT',
] as const;

const ALLOWED = new Set<string>([...PREVIEW_CAPABILITIES, ...PREVIEW_EXTRA_ALLOWED]);

/** The default set plus the caller's extras (accepted with or without CAP_), deduplicated. */
export function previewCapabilities(extra: readonly string[] = []): string[] {
  const out = new Set<string>(PREVIEW_CAPABILITIES);
  for (const raw of extra) {
    const name = raw.trim().toUpperCase().replace(/^CAP_/, '');
    if (!ALLOWED.has(name)) {
      throw new AppError('VALIDATION', `A preview cannot get the capability "${raw.slice(0, 40)}".`, {
        fields: { extraCapabilities: `Only ${PREVIEW_EXTRA_ALLOWED.join(', ')} can be added.` },
      });
    }
    out.add(name);
  }
  return [...out].sort();
}
