import type { BuildRequestInput } from '../../../electron/shared/contract/build-request';

/** What the Build form edits: text fields as typed, turned into a BuildRequest on submit. */
export interface BuildForm {
  contextDir: string;
  dockerfile: string;
  registry: string;
  repository: string;
  tags: string;
  buildArgs: { key: string; value: string }[];
  target: string;
  mode: 'push' | 'local';
  cache: boolean;
  /** Push builds: keep the cache in a registry (with the login inside the build container) … */
  cacheLogin: boolean;
  /** … in this repository; empty = <destination repository>/cache. */
  cacheRepo: string;
  baseImageLogin: boolean;
}

export const initialForm: BuildForm = {
  contextDir: '',
  dockerfile: 'Dockerfile',
  /** Empty = none chosen: local-only images are named localhost/…, pushes go to Docker Hub. */
  registry: '',
  repository: 'kaniko-nginx',
  tags: 'latest',
  buildArgs: [],
  target: '',
  mode: 'local',
  cache: false,
  cacheLogin: false,
  cacheRepo: '',
  baseImageLogin: false,
};

export function toRequest(f: BuildForm): BuildRequestInput {
  const tags = f.tags
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    contextDir: f.contextDir.trim() || null,
    dockerfile: f.dockerfile,
    registry: f.registry,
    repository: f.repository,
    tags: tags.length > 0 ? tags : [''],
    buildArgs: f.buildArgs,
    target: f.target,
    mode: f.mode,
    cache: f.cache,
    // Only what the form shows counts: the cache options of a push build with Cache on.
    cacheLogin: cacheInRegistry(f),
    cacheRepo: cacheInRegistry(f) ? f.cacheRepo.trim() : '',
    baseImageLogin: f.baseImageLogin,
  };
}

/** Whether the build keeps its layer cache in a registry (with the login inside the container). */
export function cacheInRegistry(f: Pick<BuildForm, 'mode' | 'cache' | 'cacheLogin'>): boolean {
  return f.mode === 'push' && f.cache && f.cacheLogin;
}

/** The registry whose login a push build's cache would use: the cache repository's, else the destination's. */
export function cacheRegistryOf(f: Pick<BuildForm, 'registry' | 'cacheRepo'>): string {
  const repo = f.cacheRepo.trim();
  const first = repo.split('/')[0] ?? '';
  if (repo.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost'))
    return first;
  return repo ? 'docker.io' : f.registry.trim() || 'docker.io';
}

/** Says which name the image gets and why, under the Registry field. */
export function imageNameNote(form: Pick<BuildForm, 'registry' | 'mode'>, firstDestination?: string): string {
  const name = firstDestination ? ` The image will be ${firstDestination}.` : '';
  if (form.registry.trim()) return `Registry chosen.${name}`;
  return form.mode === 'local'
    ? `None chosen: a local-only image is named localhost/<repository>:<tag>, so no push or pull of it ever reaches a registry.${name}`
    : `None chosen: the image is pushed to Docker Hub (docker.io).${name}`;
}

/** Field errors from the service use request paths ("tags.0", "buildArgs.1.key"); map them to inputs. */
export function fieldError(fields: Record<string, string> | undefined, name: string): string | undefined {
  if (!fields) return undefined;
  if (fields[name]) return fields[name];
  const prefix = `${name}.`;
  const nested = Object.entries(fields).find(([k]) => k.startsWith(prefix));
  return nested?.[1];
}
