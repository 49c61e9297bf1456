/**
 * Constants and naming rules shared by the exported manifests and the run-on-cluster path.
 */
import { AppError } from '../../shared/errors';

/** The app's pinned, maintained Kaniko executor (the settings default); the user may choose another. */
export { DEFAULT_EXECUTOR_IMAGE } from '../build/executor-image';

/** Kubernetes' own label on a Job's pods: how we find the pod of a Job we created. */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

/** Labels on every object we create, so a user (or we) can find and clean them up. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'kaniko-desktop';
export const BUILD_LABEL = 'kaniko-desktop/build';

export const KANIKO_CONTAINER = 'kaniko';
export const UNPACK_CONTAINER = 'unpack-context';
export const WORKSPACE_DIR = '/workspace';
export const DOCKER_CONFIG_DIR = '/kaniko/.docker';
export const ARCHIVE_DIR = '/context-archive';
export const ARCHIVE_KEY = 'context.tar.gz';
export const DEFAULT_TTL_SECONDS = 600;

/**
 * A ConfigMap (like every object) must fit in etcd's ~1.5 MiB request limit, and Kubernetes caps a
 * ConfigMap's data at 1 MiB. Base64 in transit adds a third, so the compressed archive stays well below.
 */
export const MAX_ARCHIVE_BYTES = 700 * 1024;

/**
 * Capabilities the Pod Security "baseline" level lets a container add. Anything else would make the
 * pod need "privileged", which defeats the point of running in a user namespace.
 */
export const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
] as const;

/** Enough to unpack base layers and COPY/ADD (the set the desktop build uses). */
export const BASE_CAPABILITIES = ['CHOWN', 'FOWNER', 'DAC_OVERRIDE'];

/** Added when the Dockerfile has RUN steps (USER switches, kaniko killing each RUN's process group, file caps). */
export const RUN_CAPABILITIES = ['SETUID', 'SETGID', 'KILL', 'SETFCAP', 'FSETID'];

/** Normalises a capability list: upper case, no CAP_ prefix, no duplicates, sorted for stable output. */
export function normaliseCapabilities(caps: readonly string[]): string[] {
  const set = new Set(caps.map((c) => c.trim().toUpperCase().replace(/^CAP_/, '')).filter(Boolean));
  const outside = [...set].filter((c) => !(BASELINE_CAPABILITIES as readonly string[]).includes(c));
  if (outside.length > 0) {
    throw new AppError(
      'VALIDATION',
      `Capabilities not allowed by Pod Security "baseline": ${outside.join(', ')}.`,
      {
        hint: `Use only ${BASELINE_CAPABILITIES.join(', ')}.`,
        fields: { capabilities: `not allowed: ${outside.join(', ')}` },
      },
    );
  }
  return [...set].sort();
}

/**
 * A DNS-1123 label (what Job, Secret and ConfigMap names must be), built from the repository name.
 * Kept to 52 characters so the Job controller can append its pod suffix within the 63-character limit.
 */
export function objectNameFor(repository: string, suffix = ''): string {
  const last = repository.split('/').pop() ?? '';
  const cleaned = last
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const tail = suffix ? `-${suffix}` : '';
  const prefixed = cleaned.startsWith('kaniko') ? cleaned : `kaniko-${cleaned || 'build'}`;
  const base = prefixed.slice(0, 52 - tail.length).replace(/-+$/, '');
  return `${base}${tail}`;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDnsLabel(name: string, max = 63): boolean {
  return name.length <= max && DNS_LABEL.test(name);
}

/**
 * The `-debug` variant of an executor image (it has a busybox shell: GitLab's script and our
 * unpacking init container need one). A digest-pinned image cannot be converted: the caller must name it.
 */
export function debugImageFor(image: string): string {
  if (image.includes('@')) {
    throw new AppError('VALIDATION', 'A digest-pinned executor image has no derivable "-debug" variant.', {
      hint: 'Use a tagged executor image (e.g. …/kaniko:v1.28.0), or set the debug image explicitly.',
      fields: { executorImage: 'digest-pinned' },
    });
  }
  const { repo, tag } = splitTag(image);
  // Debug images are published per version (v1.28.5-debug); there is no "latest-debug". Without a
  // version the plain `debug` tag is the only guess left (debugImageWarning says so).
  if (tag === null || tag === 'latest') return `${repo}:debug`;
  if (tag.endsWith('-debug') || tag === 'debug') return image;
  return `${repo}:${tag.replace(/-slim$/, '')}-debug`;
}

/** A warning when the executor image has no version to derive its debug variant from, else null. */
export function debugImageWarning(image: string): string | null {
  if (image.includes('@')) return null;
  const { tag } = splitTag(image);
  if (tag !== null && tag !== 'latest') return null;
  return (
    `The executor image ${image} has no version tag, so the GitLab job and the init container use ` +
    `${debugImageFor(image)}, which may not exist. Set a versioned executor image in Settings ` +
    `(e.g. …/kaniko:v1.28.5) to get its matching -debug image.`
  );
}

function splitTag(image: string): { repo: string; tag: string | null } {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash
    ? { repo: image.slice(0, colon), tag: image.slice(colon + 1) }
    : { repo: image, tag: null };
}
