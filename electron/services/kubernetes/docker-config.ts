/**
 * The registry auth file Kaniko reads (/kaniko/.docker/config.json), in the shape of a
 * `kubernetes.io/dockerconfigjson` Secret's `.dockerconfigjson` key.
 */

export interface RegistryCredentials {
  registry: string;
  username: string;
  secret: string;
}

const DOCKER_HUB_HOSTS = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

/** Docker Hub's key must be exactly this URL; other registries use their host (with port). */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

export function authKeyFor(registry: string): string {
  const host = registry
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return DOCKER_HUB_HOSTS.has(host) ? DOCKER_HUB_AUTH_KEY : host;
}

export function dockerConfigJson(creds: RegistryCredentials): string {
  const auth = Buffer.from(`${creds.username}:${creds.secret}`).toString('base64');
  return JSON.stringify({ auths: { [authKeyFor(creds.registry)]: { auth } } });
}

/** Visible placeholder the user replaces (or recreates the Secret with kubectl); never a real value. */
export const PLACEHOLDER_AUTH = 'REPLACE_WITH_BASE64_OF_USERNAME_COLON_TOKEN';

export function placeholderDockerConfigJson(registry: string): string {
  return JSON.stringify({ auths: { [authKeyFor(registry)]: { auth: PLACEHOLDER_AUTH } } });
}
