import { AppError } from '../../shared/errors';

/** An image reference split into parts, with the registry always spelled out. */
export interface QualifiedImage {
  /** e.g. docker.io, localhost, 127.0.0.1:5000 */
  registry: string;
  /** e.g. library/nginx, alice/kaniko-nginx */
  repository: string;
  tag: string | null;
  digest: string | null;
  /** registry/repository[:tag][@digest] — what the engine is given. */
  ref: string;
}

const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z][a-z0-9]*(?:[-_+.][a-z][a-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/**
 * Qualifies an image reference the way Docker does (nginx → docker.io/library/nginx:latest).
 * Podman without a TTY refuses short names, and the registry is needed to pick credentials, so the
 * app never hands a short name to the engine.
 */
export function qualifyImageName(input: string): QualifiedImage {
  const raw = input.trim();
  const invalid = (why: string) =>
    new AppError('VALIDATION', `"${raw.slice(0, 200)}" is not a valid image name: ${why}.`, {
      fields: { image: why },
      hint: 'Use a name like docker.io/alice/app:latest or localhost/app:1.0.',
    });
  if (raw === '') throw invalid('it is empty');

  let rest = raw;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid('the digest is malformed');
  }

  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid('the tag is malformed');
  }

  const parts = rest.split('/');
  let registry = 'docker.io';
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    parts.shift();
    if (!DOMAIN.test(registry)) throw invalid('the registry host is malformed');
  }
  // Docker Hub's aliases all mean the same registry.
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (parts.length === 0 || parts.some((p) => !PATH_COMPONENT.test(p))) {
    throw invalid('the repository must be lowercase letters, digits and . _ - separated by /');
  }
  const repository = parts.join('/');
  if (tag === null && digest === null) tag = 'latest';

  const ref = `${registry}/${repository}${tag !== null ? `:${tag}` : ''}${digest !== null ? `@${digest}` : ''}`;
  if (ref.length > 512) throw invalid('it is too long');
  return { registry, repository, tag, digest, ref };
}
