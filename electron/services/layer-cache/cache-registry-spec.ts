import type Docker from 'dockerode';
import { LABEL } from '../preview/preview-labels';

/** The kind label of the app's layer cache registry (next to 'build' and 'preview'). */
export const CACHE_REGISTRY_KIND = 'cache-registry';
/** Where the registry listens inside its container, and keeps its blobs (a named volume). */
export const REGISTRY_PORT_IN_CONTAINER = 5000;
export const REGISTRY_STORAGE_DIR = '/var/lib/registry';

/** One cache registry per install: its container and volume names carry part of the install's value. */
export function cacheRegistryNames(installId: string): { container: string; volume: string } {
  const id = installId.slice(0, 12);
  return { container: `kaniko-desktop-cache-registry-${id}`, volume: `kaniko-desktop-layer-cache-${id}` };
}

/** The labels that make a container or volume this install's cache registry (its volume carries them too). */
export function cacheRegistryOwnLabels(installId: string): Record<string, string> {
  return { [LABEL.owned]: '1', [LABEL.kind]: CACHE_REGISTRY_KIND, [LABEL.install]: installId };
}

export function cacheRegistryLabels(
  installId: string,
  image: string,
  hostPort: number,
): Record<string, string> {
  return {
    ...cacheRegistryOwnLabels(installId),
    [LABEL.image]: image,
    [LABEL.hostPort]: String(hostPort),
    [LABEL.containerPort]: String(REGISTRY_PORT_IN_CONTAINER),
  };
}

/** listContainers / listVolumes filter for this install's cache registry. */
export function cacheRegistryFilter(installId: string): { label: string[] } {
  return { label: Object.entries(cacheRegistryOwnLabels(installId)).map(([k, v]) => `${k}=${v}`) };
}

export interface CacheRegistryInput {
  image: string;
  installId: string;
  hostPort: number;
}

/**
 * The registry container: published on 127.0.0.1 only (the cache has no auth, so nothing beyond this
 * computer may reach it; builds reach it through slirp4netns' host loopback), every capability dropped,
 * no-new-privileges, storage in a named volume so the cache outlives the container. The settings come as
 * environment variables, which the Distribution registry reads over its config file, so any registry
 * image with the usual layout works.
 */
export function cacheRegistryContainerSpec(input: CacheRegistryInput): Docker.ContainerCreateOptions {
  const names = cacheRegistryNames(input.installId);
  const port = `${REGISTRY_PORT_IN_CONTAINER}/tcp`;
  return {
    name: names.container,
    Image: input.image,
    Labels: cacheRegistryLabels(input.installId, input.image, input.hostPort),
    Env: [
      `REGISTRY_HTTP_ADDR=0.0.0.0:${REGISTRY_PORT_IN_CONTAINER}`,
      `REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=${REGISTRY_STORAGE_DIR}`,
      'REGISTRY_STORAGE_DELETE_ENABLED=true',
    ],
    Tty: false,
    ExposedPorts: { [port]: {} },
    HostConfig: {
      PortBindings: { [port]: [{ HostIp: '127.0.0.1', HostPort: String(input.hostPort) }] },
      Mounts: [{ Type: 'volume', Source: names.volume, Target: REGISTRY_STORAGE_DIR }],
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      RestartPolicy: { Name: 'no' },
    },
  };
}
