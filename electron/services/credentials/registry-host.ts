import { AppError } from '../../shared/errors';

export const DOCKER_HUB = 'docker.io';
/** The key Docker (and kaniko) look up Docker Hub credentials under in config.json. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
/** Docker Hub's registry API (docker.io itself only redirects there). */
const DOCKER_HUB_API = 'https://registry-1.docker.io';

/** Every spelling of Docker Hub's registry host. */
export const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);
const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/;

/**
 * Bracketed IPv6 registry hosts ('[::1]:5000') are refused everywhere: Podman's image-name grammar
 * (containers/image, mirrored by @swimlane/docker-reference) rejects them, so such an image could
 * never be loaded, pulled for a preview or run, even though kaniko itself would push to it.
 */
export const IPV6_REGISTRY_ERROR =
  "IPv6 registry addresses like '[::1]:5000' are not supported (Podman cannot name images on them): " +
  "use a host name such as 'localhost:5000' or an IPv4 address.";

/** Whether a registry host (or a reference starting with one) is a bracketed IPv6 address. */
export function isIpv6Registry(hostOrRef: string): boolean {
  return /^\s*(?:[a-z][a-z0-9+.-]*:\/\/)?\[/i.test(hostOrRef);
}

/**
 * One spelling per registry: lowercase host[:port], no scheme or path, Docker Hub's aliases folded
 * into docker.io. Throws VALIDATION for anything that is not a host.
 */
export function normalizeRegistry(input: string): string {
  let s = input.trim().toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, ''); // scheme
  s = s.replace(/\/.*$/, ''); // path such as /v1/
  if (DOCKER_HUB_ALIASES.has(s)) return DOCKER_HUB;
  if (isIpv6Registry(s)) {
    throw new AppError('VALIDATION', IPV6_REGISTRY_ERROR, { fields: { registry: IPV6_REGISTRY_ERROR } });
  }
  if (!HOST.test(s)) {
    throw new AppError('VALIDATION', `"${input.slice(0, 100)}" is not a registry host.`, {
      hint: 'Use a host name with an optional port, such as docker.io, ghcr.io or 127.0.0.1:5000.',
      fields: { registry: 'a registry host such as docker.io or 127.0.0.1:5000' },
    });
  }
  return s;
}

export function isDockerHub(registry: string): boolean {
  return normalizeRegistry(registry) === DOCKER_HUB;
}

/** 127.0.0.0/8 and localhost: the only registries spoken to over plain http. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = normalizeRegistry(registry).replace(/:\d+$/, '');
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Where the registry's HTTP API answers: https, except plain http for loopback registries. */
export function registryApiBase(registry: string): string {
  const r = normalizeRegistry(registry);
  if (r === DOCKER_HUB) return DOCKER_HUB_API;
  return `${isLoopbackRegistry(r) ? 'http' : 'https'}://${r}`;
}

/** The key of this registry in a Docker config.json `auths` map. */
export function dockerConfigKey(registry: string): string {
  const r = normalizeRegistry(registry);
  return r === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : r;
}
