import { dockerConfigJsonFor } from '../credentials/docker-config';
import { dockerConfigKey } from '../credentials/registry-host';
/**
 * The registry auth file Kaniko reads (/kaniko/.docker/config.json), in the shape of a
 * `kubernetes.io/dockerconfigjson` Secret's `.dockerconfigjson` key.
 */

export interface RegistryCredentials {
  registry: string;
  username: string;
  secret: string;
}

/** Docker Hub's key must be exactly https://index.docker.io/v1/; other registries use their host (with port). */
export const authKeyFor = dockerConfigKey;

export function dockerConfigJson(creds: RegistryCredentials): string {
  return dockerConfigJsonFor(creds.registry, creds).toString();
}

/** Visible placeholder the user replaces (or recreates the Secret with kubectl); never a real value. */
export const PLACEHOLDER_AUTH = 'REPLACE_WITH_BASE64_OF_USERNAME_COLON_TOKEN';

export function placeholderDockerConfigJson(registry: string): string {
  return JSON.stringify({ auths: { [authKeyFor(registry)]: { auth: PLACEHOLDER_AUTH } } });
}
