import { statSync, realpathSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildRequest } from '../../../shared/contract/build-request';
import { analyzeDockerfile, findStage, type DockerfileAnalysis } from './dockerfile-analysis';
import { buildDestinations, effectiveRegistry, isLoopbackRegistry, type NormalizedRef } from './image-ref';

/**
 * Meaning checks for a build request, field by field, so the form can mark each mistake.
 * File-system access comes in through a probe so the rules stay testable without a disk.
 */

export interface FileProbe {
  /** Whether the path exists and is of that kind (symlinks followed). */
  exists(absPath: string, kind: 'file' | 'directory'): boolean;
  /** Resolves symlinks; used to refuse a Dockerfile that links out of the context. */
  realpath?(absPath: string): string;
  /** Dockerfile text, used to check that `target` names a stage. */
  readText?(absPath: string): string;
}

export interface ValidatedBuild {
  /** Absolute, normalised host folder. */
  contextDir: string;
  /** Relative to the context, posix separators. */
  dockerfile: string;
  /** Absolute host path of the Dockerfile. */
  dockerfilePath: string;
  destinations: NormalizedRef[];
  buildArgs: { key: string; value: string }[];
  target: string | null;
  mode: 'push' | 'local';
  cache: boolean;
  /** Plain-HTTP registries (loopback) for --insecure-registry. */
  insecureRegistries: string[];
  /** Present when the probe could read the Dockerfile. */
  analysis: DockerfileAnalysis | null;
}

export type ValidateResult =
  { ok: true; plan: ValidatedBuild } | { ok: false; fields: Record<string, string> };

export interface ValidateOptions {
  probe?: FileProbe;
  /** Suggests 'user/repo' when a Docker Hub repository lacks a namespace. */
  dockerHubUser?: string;
}

const BUILD_ARG_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
// BuildKit's rule for stage names (they are lower-cased when parsed).
const STAGE_NAME_RE = /^[a-z][a-z0-9-_.]*$/;

export const nodeFileProbe: FileProbe = {
  exists(p, kind) {
    try {
      const st = statSync(p);
      return kind === 'file' ? st.isFile() : st.isDirectory();
    } catch {
      return false;
    }
  },
  realpath: (p) => realpathSync(p),
  readText: (p) => readFileSync(p, 'utf8'),
};

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Relative Dockerfile path, or a plain-words problem. */
function checkDockerfilePath(input: string): { ok: true; rel: string } | { ok: false; error: string } {
  const text = input.trim();
  if (text === '')
    return { ok: false, error: "Enter the Dockerfile's path inside the folder, e.g. 'Dockerfile'." };
  if (text.includes('\0')) return { ok: false, error: 'The Dockerfile path contains an invalid character.' };
  if (path.posix.isAbsolute(text) || path.win32.isAbsolute(text)) {
    return {
      ok: false,
      error: "Give the Dockerfile's path relative to the build folder, e.g. 'Dockerfile'.",
    };
  }
  const rel = path.posix.normalize(text.replace(/\\/g, '/'));
  if (rel === '..' || rel.startsWith('../')) {
    return { ok: false, error: 'The Dockerfile must be inside the build folder.' };
  }
  if (rel === '.' || rel.endsWith('/'))
    return { ok: false, error: 'That is a folder: name the Dockerfile itself.' };
  return { ok: true, rel };
}

export function validateBuildRequest(
  req: BuildRequest,
  contextDir: string,
  opts: ValidateOptions = {},
): ValidateResult {
  const probe = opts.probe ?? nodeFileProbe;
  const fields: Record<string, string> = {};

  const context = path.resolve(contextDir);
  let contextOk = false;
  if (!path.isAbsolute(contextDir)) fields.contextDir = 'Choose the build folder with its full path.';
  else if (!probe.exists(context, 'directory')) fields.contextDir = `The folder ${context} does not exist.`;
  else contextOk = true;

  let dockerfile = '';
  let dockerfilePath = '';
  const df = checkDockerfilePath(req.dockerfile);
  if (!df.ok) fields.dockerfile = df.error;
  else if (contextOk) {
    dockerfile = df.rel;
    dockerfilePath = path.join(context, ...df.rel.split('/'));
    if (!probe.exists(dockerfilePath, 'file')) {
      fields.dockerfile = `There is no file '${df.rel}' in the build folder.`;
    } else if (probe.realpath && !isInside(probe.realpath(context), probe.realpath(dockerfilePath))) {
      fields.dockerfile = 'The Dockerfile is a link to a file outside the build folder; copy it in instead.';
    }
  }

  const dest = buildDestinations(effectiveRegistry(req.registry, req.mode), req.repository, req.tags, {
    requireNamespaceOnDockerHub: req.mode === 'push',
    ...(opts.dockerHubUser ? { dockerHubUser: opts.dockerHubUser } : {}),
  });
  if (!dest.ok) Object.assign(fields, dest.fields);

  const seenKeys = new Set<string>();
  req.buildArgs.forEach(({ key }, i) => {
    const k = key.trim();
    if (k === '') fields[`buildArgs.${i}.key`] = 'Enter a name for this build argument.';
    else if (!BUILD_ARG_KEY_RE.test(k)) {
      fields[`buildArgs.${i}.key`] =
        'Build argument names use letters, digits and _, and cannot start with a digit.';
    } else if (seenKeys.has(k)) fields[`buildArgs.${i}.key`] = `'${k}' is already set above.`;
    seenKeys.add(k);
  });

  const target = req.target.trim();
  let analysis: DockerfileAnalysis | null = null;
  if (!fields.dockerfile && dockerfilePath && probe.readText) {
    try {
      analysis = analyzeDockerfile(probe.readText(dockerfilePath), target || null);
    } catch {
      analysis = null;
    }
  }
  if (target) {
    if (!STAGE_NAME_RE.test(target.toLowerCase())) {
      fields.target = 'Stage names start with a letter and use letters, digits, -, _ and . only.';
    } else if (analysis && findStage(analysis.stages, target) < 0) {
      const names = analysis.stages.map((s) => s.name).filter(Boolean);
      fields.target = names.length
        ? `The Dockerfile has no stage '${target}': choose one of ${names.map((n) => `'${n}'`).join(', ')}.`
        : `The Dockerfile names no stages (FROM … AS name), so '${target}' cannot be built.`;
    }
  }

  if (Object.keys(fields).length > 0 || !dest.ok) return { ok: false, fields };
  return {
    ok: true,
    plan: {
      contextDir: context,
      dockerfile,
      dockerfilePath,
      destinations: dest.refs,
      buildArgs: req.buildArgs.map(({ key, value }) => ({ key: key.trim(), value })),
      target: target ? target.toLowerCase() : null,
      mode: req.mode,
      cache: req.cache,
      insecureRegistries: [...new Set(dest.refs.map((r) => r.registry).filter(isLoopbackRegistry))],
      analysis,
    },
  };
}
