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
  baseImageLogin: boolean;
}

export const initialForm: BuildForm = {
  contextDir: '',
  dockerfile: 'Dockerfile',
  registry: 'docker.io',
  repository: 'kaniko-nginx',
  tags: 'latest',
  buildArgs: [],
  target: '',
  mode: 'local',
  cache: false,
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
    baseImageLogin: f.baseImageLogin,
  };
}

/** Field errors from the service use request paths ("tags.0", "buildArgs.1.key"); map them to inputs. */
export function fieldError(fields: Record<string, string> | undefined, name: string): string | undefined {
  if (!fields) return undefined;
  if (fields[name]) return fields[name];
  const prefix = `${name}.`;
  const nested = Object.entries(fields).find(([k]) => k.startsWith(prefix));
  return nested?.[1];
}
