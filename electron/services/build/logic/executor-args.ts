import { posix } from 'node:path';
import type { ValidatedRequest } from './validate-request';

/**
 * The kaniko executor's argument vector. Each flag is one `--name=value` item, passed to the
 * container as Cmd (no shell ever sees it), so values need no quoting. Credentials never go here:
 * they reach the executor as /kaniko/.docker/config.json inside the container.
 */

export interface ExecutorArgsOptions {
  /** Relative to the context, posix separators ('Dockerfile', 'docker/Dockerfile.prod'). */
  dockerfile: string;
  /** Fully qualified refs; for local builds they name the image inside the tar. */
  destinations: string[];
  buildArgs?: { key: string; value: string }[];
  target?: string | null;
  mode: 'push' | 'local';
  /**
   * Push mode only: the app pushes the built image itself, so Kaniko writes an OCI layout here instead
   * of pushing (and needs no push credentials). Unset: Kaniko pushes (Kubernetes, GitLab).
   */
  ociLayoutPath?: string;
  cache: boolean;
  cacheRepo?: string;
  /** Registry hosts reached over plain HTTP (e.g. 127.0.0.1:5000). */
  insecureRegistries?: string[];
  /** In-container context folder. */
  contextPath?: string;
  tarPath?: string;
  digestFile?: string;
  /** json is the most robust to parse; color/text for debugging. */
  logFormat?: 'json' | 'color' | 'text';
}

export const DEFAULT_CONTEXT_PATH = '/workspace';
export const DEFAULT_TAR_PATH = '/kaniko/output/image.tar';
export const DEFAULT_DIGEST_FILE = '/kaniko/output/digest';

const USERINFO_RE = /^[a-z][a-z0-9+.-]*:\/\/[^/@]*@/i;

function requireClean(label: string, value: string, allowNewlines = false): string {
  // A NUL would truncate the argument in the kernel; only build-arg values may span lines.
  if (allowNewlines ? value.includes('\0') : /[\0\n\r]/.test(value)) {
    throw new Error(`${label} contains a control character`);
  }
  return value;
}

export function buildExecutorArgs(opts: ExecutorArgsOptions): string[] {
  const contextPath = posix.normalize(opts.contextPath ?? DEFAULT_CONTEXT_PATH).replace(/\/+$/, '') || '/';
  if (opts.destinations.length === 0) throw new Error('at least one destination is required');
  const dockerfile = requireClean('dockerfile', opts.dockerfile);
  if (posix.isAbsolute(dockerfile) || posix.normalize(dockerfile).startsWith('..')) {
    throw new Error('dockerfile must be relative to the context');
  }

  const args = [
    `--context=dir://${contextPath}`,
    `--dockerfile=${posix.join(contextPath, dockerfile)}`,
    ...opts.destinations.map((d) => `--destination=${requireClean('destination', d)}`),
  ];
  // With --no-push Kaniko still writes cache layers to --cache-repo unless --no-push-cache says not to.
  const pushCache = opts.cache && Boolean(opts.cacheRepo);
  if (opts.mode === 'local') {
    // --tar-path writes the image (tagged with the destinations) instead of pushing it.
    args.push(
      '--no-push',
      ...(pushCache ? [] : ['--no-push-cache']),
      `--tar-path=${opts.tarPath ?? DEFAULT_TAR_PATH}`,
    );
  } else if (opts.ociLayoutPath) {
    args.push('--no-push', `--oci-layout-path=${requireClean('oci layout path', opts.ociLayoutPath)}`);
  }
  args.push(`--digest-file=${opts.digestFile ?? DEFAULT_DIGEST_FILE}`);
  args.push(`--log-format=${opts.logFormat ?? 'json'}`);
  for (const { key, value } of opts.buildArgs ?? []) {
    args.push(
      `--build-arg=${requireClean('build-arg key', key)}=${requireClean('build-arg value', value, true)}`,
    );
  }
  if (opts.target) args.push(`--target=${requireClean('target', opts.target)}`);
  if (opts.cache) {
    args.push('--cache=true');
    if (opts.cacheRepo) args.push(`--cache-repo=${requireClean('cache repo', opts.cacheRepo)}`);
  }
  for (const host of new Set(opts.insecureRegistries ?? [])) {
    args.push(`--insecure-registry=${requireClean('insecure registry', host)}`);
  }
  // Registry credentials belong in config.json; refuse a URL with user:password@ in any registry value.
  for (const a of args) {
    if (a.startsWith('--build-arg=')) continue;
    if (USERINFO_RE.test(a.slice(a.indexOf('=') + 1)))
      throw new Error('credentials must not appear in arguments');
  }
  return args;
}

/** The executor arguments for a validated request (defaults for the in-container paths): every route's one argv builder. */
export function executorArgsForPlan(
  plan: ValidatedRequest,
  overrides: Partial<ExecutorArgsOptions> = {},
): string[] {
  return buildExecutorArgs({
    dockerfile: plan.dockerfile,
    destinations: plan.destinations.map((d) => d.full),
    buildArgs: plan.buildArgs,
    target: plan.target,
    mode: plan.mode,
    cache: plan.cache,
    insecureRegistries: plan.insecureRegistries,
    ...overrides,
  });
}
