import { statSync, realpathSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildRequest } from '../../../shared/contract/build-request';
import { contextFolderProblem } from './context-folder';
import { analyzeDockerfile, findStage, type DockerfileAnalysis } from './dockerfile-analysis';
import { parseDockerignore } from './dockerignore';
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

/** What every route to the executor (desktop, cluster archive, cluster git) has checked. */
export interface ValidatedRequest {
  /** Relative to the context, posix separators. */
  dockerfile: string;
  destinations: NormalizedRef[];
  buildArgs: { key: string; value: string }[];
  target: string | null;
  mode: 'push' | 'local';
  cache: boolean;
  /** Plain-HTTP registries (loopback) for --insecure-registry. */
  insecureRegistries: string[];
}

/** A request checked against its context folder on this machine as well. */
export interface ValidatedBuild extends ValidatedRequest {
  /** Absolute, normalised host folder. */
  contextDir: string;
  /** Absolute host path of the Dockerfile. */
  dockerfilePath: string;
  /** Present when the probe could read the Dockerfile. */
  analysis: DockerfileAnalysis | null;
}

export type RequestResult =
  { ok: true; request: ValidatedRequest } | { ok: false; fields: Record<string, string> };
export type ValidateResult =
  { ok: true; plan: ValidatedBuild } | { ok: false; fields: Record<string, string> };

export interface ValidateOptions {
  probe?: FileProbe;
  /** Suggests 'user/repo' when a Docker Hub repository lacks a namespace. */
  dockerHubUser?: string;
  /** The user's home folder (refused as a context, like the file system root and system folders). */
  homeDir?: string;
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

/**
 * The checks that need no file system: Dockerfile path shape, destinations, build args, target name.
 * Every route to the executor starts here (the cluster's git route has nothing more to check).
 */
export function validateRequestFields(req: BuildRequest, opts: ValidateOptions = {}): RequestResult {
  const fields: Record<string, string> = {};
  const df = checkDockerfilePath(req.dockerfile);
  if (!df.ok) fields.dockerfile = df.error;

  const dest = buildDestinations(effectiveRegistry(req.registry, req.mode), req.repository, req.tags, {
    requireNamespaceOnDockerHub: req.mode === 'push',
    ...(opts.dockerHubUser ? { dockerHubUser: opts.dockerHubUser } : {}),
  });
  if (!dest.ok) Object.assign(fields, dest.fields);

  const seenKeys = new Set<string>();
  req.buildArgs.forEach(({ key, value }, i) => {
    const k = key.trim();
    if (k === '') fields[`buildArgs.${i}.key`] = 'Enter a name for this build argument.';
    else if (!BUILD_ARG_KEY_RE.test(k)) {
      fields[`buildArgs.${i}.key`] =
        'Build argument names use letters, digits and _, and cannot start with a digit.';
    } else if (seenKeys.has(k)) fields[`buildArgs.${i}.key`] = `'${k}' is already set above.`;
    seenKeys.add(k);
    if (value.includes('\0')) fields[`buildArgs.${i}.value`] = 'The value contains an invalid character.';
  });

  const target = req.target.trim();
  if (target && !STAGE_NAME_RE.test(target.toLowerCase())) {
    fields.target = 'Stage names start with a letter and use letters, digits, -, _ and . only.';
  }

  if (!df.ok || !dest.ok || Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    request: {
      dockerfile: df.rel,
      destinations: dest.refs,
      buildArgs: req.buildArgs.map(({ key, value }) => ({ key: key.trim(), value })),
      target: target ? target.toLowerCase() : null,
      mode: req.mode,
      cache: req.cache,
      insecureRegistries: [...new Set(dest.refs.map((r) => r.registry).filter(isLoopbackRegistry))],
    },
  };
}

/** validateRequestFields, then the context folder, the Dockerfile in it, and the target stage. */
export function validateBuildRequest(
  req: BuildRequest,
  contextDir: string,
  opts: ValidateOptions = {},
): ValidateResult {
  const probe = opts.probe ?? nodeFileProbe;
  const checked = validateRequestFields(req, opts);
  const fields: Record<string, string> = checked.ok ? {} : { ...checked.fields };

  const context = path.resolve(contextDir);
  let contextOk = false;
  if (!path.isAbsolute(contextDir)) fields.contextDir = 'Choose the build folder with its full path.';
  else if (!probe.exists(context, 'directory')) fields.contextDir = `The folder ${context} does not exist.`;
  else {
    const resolve = (p: string) => {
      try {
        return probe.realpath ? probe.realpath(p) : p;
      } catch {
        return p;
      }
    };
    const problem = contextFolderProblem(resolve(context), resolve(opts.homeDir ?? os.homedir()));
    if (problem) fields.contextDir = problem;
    else contextOk = true;
  }

  const ignoreFile = path.join(context, '.dockerignore');
  if (contextOk && probe.readText && probe.exists(ignoreFile, 'file')) {
    try {
      parseDockerignore(probe.readText(ignoreFile));
    } catch (err) {
      fields.contextDir = err instanceof Error ? err.message : String(err);
    }
  }

  let dockerfilePath = '';
  const df = checkDockerfilePath(req.dockerfile);
  if (df.ok && contextOk) {
    dockerfilePath = path.join(context, ...df.rel.split('/'));
    if (!probe.exists(dockerfilePath, 'file')) {
      fields.dockerfile = `There is no file '${df.rel}' in the build folder.`;
    } else if (probe.realpath && !isInside(probe.realpath(context), probe.realpath(dockerfilePath))) {
      fields.dockerfile = 'The Dockerfile is a link to a file outside the build folder; copy it in instead.';
    }
  }

  const target = req.target.trim();
  let analysis: DockerfileAnalysis | null = null;
  if (!fields.dockerfile && dockerfilePath && probe.readText) {
    try {
      analysis = analyzeDockerfile(probe.readText(dockerfilePath), target || null);
    } catch {
      analysis = null;
    }
  }
  if (target && !fields.target && analysis && findStage(analysis.stages, target) < 0) {
    const names = analysis.stages.map((s) => s.name).filter(Boolean);
    fields.target = names.length
      ? `The Dockerfile has no stage '${target}': choose one of ${names.map((n) => `'${n}'`).join(', ')}.`
      : `The Dockerfile names no stages (FROM … AS name), so '${target}' cannot be built.`;
  }

  if (!checked.ok || Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, plan: { ...checked.request, contextDir: context, dockerfilePath, analysis } };
}
