import { parseFamiliarName, parseQualifiedName } from '@swimlane/docker-reference';
import { AppError } from '../../../shared/errors';
import {
  DOCKER_HUB,
  DOCKER_HUB_ALIASES,
  IPV6_REGISTRY_ERROR,
  isIpv6Registry,
} from '../../credentials/registry-host';

/**
 * The app's one image-reference parser, for every field that takes a reference (build destination,
 * Previews image, executor images): validated with @swimlane/docker-reference (a port of
 * distribution/reference, the grammar Podman uses), then explained in plain words.
 */

export interface NormalizedRef {
  /** Registry host (with port), 'docker.io' for Docker Hub and familiar names. */
  registry: string;
  /** Path inside the registry, e.g. 'library/nginx', 'alice/kaniko-nginx'. */
  repository: string;
  /** 'latest' when neither a tag nor a digest was given (as Docker does); null for digest-only refs. */
  tag: string | null;
  digest: string | null;
  /** Fully qualified: 'docker.io/alice/kaniko-nginx:latest' (tag and/or '@digest'). */
  full: string;
}

export type ParseRefResult = { ok: true; ref: NormalizedRef } | { ok: false; error: string };
export type DestinationsResult =
  { ok: true; refs: NormalizedRef[] } | { ok: false; fields: Record<string, string> };

// Registry hosts, Docker Hub's aliases, config.json keys and loopback detection have one home.
export { DOCKER_HUB, DOCKER_HUB_CONFIG_KEY as DOCKER_HUB_AUTH_KEY } from '../../credentials/registry-host';
export { dockerConfigKey as authKeyForRegistry, isLoopbackRegistry } from '../../credentials/registry-host';
const NAME_MAX = 255;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const HEX64_RE = /^[a-f0-9]{64}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/**
 * Where local-only images are named when no registry was entered: `localhost/<repo>:<tag>` is Podman's
 * own namespace for images that come from no registry. A Docker Hub name (docker.io/library/…) would
 * make a later push or pull of that name go to Docker Hub.
 */
export const LOCAL_ONLY_REGISTRY = 'localhost';

/** The registry a build names its image with: the one entered, else localhost (local-only) or Docker Hub. */
export function effectiveRegistry(registry: string, mode: 'push' | 'local'): string {
  const entered = registry.trim();
  if (entered) return entered;
  return mode === 'local' ? LOCAL_ONLY_REGISTRY : DOCKER_HUB;
}

export function isDockerHub(registry: string): boolean {
  return DOCKER_HUB_ALIASES.has(registry.trim().toLowerCase());
}

/** A lowercase, grammar-shaped guess at what the user meant, for "try '…'" hints. */
export function suggestRepository(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .split('/')
    .map((part) =>
      part
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
        .replace(/([._-])[._-]+/g, '$1'),
    )
    .filter(Boolean)
    .join('/');
}

function toNormalized(
  domain: string,
  repository: string,
  tag: string | undefined,
  digest: string | undefined,
) {
  const registry = isDockerHub(domain) ? DOCKER_HUB : domain.toLowerCase();
  const effectiveTag = tag ?? (digest ? null : 'latest');
  const full =
    `${registry}/${repository}` + (effectiveTag ? `:${effectiveTag}` : '') + (digest ? `@${digest}` : '');
  return { registry, repository, tag: effectiveTag, digest: digest ?? null, full };
}

/** Parses a familiar or fully qualified reference ('nginx', 'alice/app:1', 'ghcr.io/o/r@sha256:…'). */
export function parseImageRef(input: string): ParseRefResult {
  const text = input.trim();
  if (text === '') return { ok: false, error: "Enter an image name, e.g. 'alice/kaniko-nginx:latest'." };
  if (/\s/.test(text)) return { ok: false, error: 'Image names cannot contain spaces.' };
  if (/^[a-z]+:\/\//i.test(text)) {
    return { ok: false, error: `Leave out the scheme: try '${text.replace(/^[a-z]+:\/\//i, '')}'.` };
  }
  if (HEX64_RE.test(text)) {
    return { ok: false, error: 'That is an image ID (64 hex characters), not an image name.' };
  }
  if (isIpv6Registry(text)) return { ok: false, error: IPV6_REGISTRY_ERROR };
  try {
    const ref = parseFamiliarName(withCanonicalHubDomain(text));
    const portError = checkRegistryPort(ref.domain ?? '');
    if (portError) return { ok: false, error: portError };
    return { ok: true, ref: toNormalized(ref.domain ?? '', ref.repository ?? '', ref.tag, ref.digest) };
  } catch (err) {
    return { ok: false, error: explainRefError(text, err) };
  }
}

/**
 * parseImageRef for request handlers: the normalised reference, or a VALIDATION error that marks
 * `field` (e.g. 'image', 'executorImage') with the same words the build form shows.
 */
export function requireImageRef(input: string, field: string): NormalizedRef {
  const parsed = parseImageRef(input);
  if (parsed.ok) return parsed.ref;
  throw new AppError('VALIDATION', parsed.error, {
    fields: { [field]: parsed.error },
    hint: "Use a name like 'docker.io/alice/app:latest' or 'localhost/app:1.0'.",
  });
}

/** 'registry-1.docker.io/nginx' → 'docker.io/nginx', so familiar-name rules (library/) apply. */
function withCanonicalHubDomain(text: string): string {
  const slash = text.indexOf('/');
  return slash > 0 && isDockerHub(text.slice(0, slash)) ? `${DOCKER_HUB}${text.slice(slash)}` : text;
}

/** Splits 'host:5000/name:tag@digest' into its name, tag and digest parts (no validation). */
function splitRef(text: string): { name: string; tag: string | null; digest: string | null } {
  const at = text.indexOf('@');
  const withoutDigest = at >= 0 ? text.slice(0, at) : text;
  const colon = withoutDigest.indexOf(':', withoutDigest.lastIndexOf('/') + 1);
  return {
    name: colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest,
    tag: colon >= 0 ? withoutDigest.slice(colon + 1) : null,
    digest: at >= 0 ? text.slice(at + 1) : null,
  };
}

function explainRefError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const parts = splitRef(text);
  if (/lowercase/.test(message)) {
    const slash = parts.name.indexOf('/');
    const host =
      slash > 0 && /[.:]|^localhost$/.test(parts.name.slice(0, slash)) ? parts.name.slice(0, slash + 1) : '';
    return `Repository names must be lowercase: try '${host}${suggestRepository(parts.name.slice(host.length))}'.`;
  }
  if (/more than \d+ characters/.test(message)) return `Image names can be at most ${NAME_MAX} characters.`;
  if (/digest/.test(message) || (parts.digest !== null && !DIGEST_RE.test(parts.digest))) {
    return "The digest after '@' is not valid: expected 'sha256:' followed by 64 hex characters.";
  }
  if (parts.tag !== null) {
    const tagError = checkTag(parts.tag);
    if (tagError) return tagError;
  }
  return (
    `'${text}' is not a valid image name: use lowercase letters, digits and single '.', '_' or '-' ` +
    "between them, e.g. 'alice/kaniko-nginx:latest'."
  );
}

/** Plain-words problem with a tag, or null when it is valid. */
export function checkTag(tag: string): string | null {
  if (tag === '') return 'Enter a tag, e.g. latest or 1.0.';
  if (tag.length > 128) return 'Tags can be at most 128 characters.';
  if (!TAG_RE.test(tag)) {
    return (
      "Tags may contain letters, digits, '_', '.' and '-', and cannot start with '.' or '-'" +
      ` (got '${tag}').`
    );
  }
  return null;
}

/** Plain-words problem with a registry host, or null when it is valid. */
export function checkRegistry(registry: string): string | null {
  const text = registry.trim();
  if (text === '') return "Enter a registry host, e.g. 'docker.io' or '127.0.0.1:5000'.";
  if (isIpv6Registry(text)) return IPV6_REGISTRY_ERROR;
  if (/^[a-z]+:\/\//i.test(text) || text.includes('/')) {
    const host = text.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '';
    return `Enter only the registry host: try '${host}'.`;
  }
  if (!DOMAIN_RE.test(text)) {
    return `'${text}' is not a valid registry host: use a name like 'ghcr.io' or 'host:port'.`;
  }
  return checkRegistryPort(text);
}

/** The reference grammar takes any digits as a port; a TCP port is 1–65535. */
function checkRegistryPort(host: string): string | null {
  const port = /:(\d+)$/.exec(host)?.[1];
  if (port === undefined || (Number(port) >= 1 && Number(port) <= 65_535)) return null;
  return `'${host}' has no valid port: a port is a number from 1 to 65535.`;
}

function checkRepository(registry: string, repository: string): string | null {
  const text = repository.trim();
  if (text === '') return "Enter a repository, e.g. 'alice/kaniko-nginx'.";
  if (text !== text.toLowerCase()) {
    return `Repository names must be lowercase: try '${suggestRepository(text)}'.`;
  }
  if (/[:@]/.test(text)) return 'Put the tag in the Tags field, not in the repository name.';
  try {
    const ref = parseQualifiedName(`${registry}/${text}`);
    if (ref.repository !== text || ref.tag || ref.digest) throw new Error('invalid reference format');
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/more than \d+ characters/.test(message)) return `Image names can be at most ${NAME_MAX} characters.`;
    const suggestion = suggestRepository(text);
    return (
      'Repository names use lowercase letters, digits and single separators (. _ -) between path parts' +
      (suggestion && suggestion !== text ? `: try '${suggestion}'.` : '.')
    );
  }
  return null;
}

export interface DestinationOptions {
  /** For Docker Hub: a repository without a namespace gets this hint ('alice/kaniko-nginx'). */
  dockerHubUser?: string;
  /** Docker Hub repositories without a namespace are refused (pushing to library/ fails). */
  requireNamespaceOnDockerHub?: boolean;
}

/** One fully qualified destination per tag, with field-keyed errors for the build form. */
export function buildDestinations(
  registry: string,
  repository: string,
  tags: string[],
  opts: DestinationOptions = {},
): DestinationsResult {
  const fields: Record<string, string> = {};
  const registryError = checkRegistry(registry);
  if (registryError) fields.registry = registryError;
  const host = registry.trim();
  const repo = repository.trim();
  // The repository is checked even when the registry is wrong (against Docker Hub's grammar).
  const repoError = checkRepository(registryError ? DOCKER_HUB : host, repo);
  if (repoError) fields.repository = repoError;
  else if (!registryError && isDockerHub(host) && !repo.includes('/') && opts.requireNamespaceOnDockerHub) {
    const user = suggestRepository(opts.dockerHubUser ?? '') || 'your-docker-id';
    fields.repository = `Docker Hub repositories start with your Docker ID: try '${user}/${repo}'.`;
  }
  if (tags.length === 0) fields['tags.0'] = 'Enter at least one tag, e.g. latest.';
  const seen = new Set<string>();
  tags.forEach((raw, i) => {
    const tag = raw.trim();
    const tagError = checkTag(tag);
    if (tagError) fields[`tags.${i}`] = tagError;
    else if (seen.has(tag)) fields[`tags.${i}`] = `The tag '${tag}' is listed twice.`;
    seen.add(tag);
  });
  if (Object.keys(fields).length > 0) return { ok: false, fields };

  const refs: NormalizedRef[] = [];
  for (const [i, raw] of tags.entries()) {
    const parsed = parseImageRef(`${host}/${repo}:${raw.trim()}`);
    if (!parsed.ok) return { ok: false, fields: { [`tags.${i}`]: parsed.error } };
    refs.push(parsed.ref);
  }
  return { ok: true, refs };
}
