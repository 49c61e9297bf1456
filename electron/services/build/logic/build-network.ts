import { isLoopbackRegistry, normalizeRegistry } from '../../credentials/registry-host';
import { parseImageRef } from './image-ref';

/**
 * Which network the build container gets. Inside a container 127.0.0.1 is the container itself, so a
 * registry on the user's own loopback (a local registry, a mirror, the tests' registry) is out of reach
 * on the engine's default network. Only when the executor must reach such a registry (a base image, a
 * cache repository) does the container get slirp4netns with `allow_host_loopback`, where the host's
 * 127.0.0.1 answers as 10.0.2.2; Kaniko's --registry-map sends the pulls there while the image keeps
 * the names the Dockerfile wrote. Pushes never need it: main pushes the built image itself.
 *
 * slirp4netns with host loopback is narrower than the host network: the container still has its own
 * network namespace and interfaces, and sees nothing of the host but its loopback ports.
 */
export const HOST_LOOPBACK_IN_CONTAINER = '10.0.2.2';
export const LOOPBACK_NETWORK_MODE = 'slirp4netns:allow_host_loopback=true';

export interface RegistryMapping {
  /** The registry as the Dockerfile (or cache setting) names it: 127.0.0.1:5000, localhost:5000. */
  registry: string;
  /** The same registry as the container reaches it: 10.0.2.2:5000. */
  reachableAs: string;
}

export interface BuildNetwork {
  /** HostConfig.NetworkMode; null = the engine's default network. */
  networkMode: string | null;
  mappings: RegistryMapping[];
  /** One sentence for "What runs and why". */
  summary: string;
}

/** 127.0.0.1:5000 → 10.0.2.2:5000 (the port stays; slirp4netns forwards to the host's 127.0.0.1). */
export function reachableFromContainer(registry: string): string {
  const r = normalizeRegistry(registry);
  const port = /:(\d+)$/.exec(r.startsWith('[') ? r.slice(r.indexOf(']')) : r)?.[1];
  return port ? `${HOST_LOOPBACK_IN_CONTAINER}:${port}` : HOST_LOOPBACK_IN_CONTAINER;
}

/** A FROM as the Dockerfile analysis sees it: the image (or earlier stage) and the stage's own AS name. */
export interface FromLine {
  base: string;
  name: string | null;
}

/**
 * The FROM images that come from a registry, each once: earlier stages (FROM <stage name>), `scratch`
 * and unexpanded ${ARG}s are left out (they are no registry image, or cannot be known before the build).
 */
export function registryBaseImages(stages: readonly FromLine[]): string[] {
  const stageNames = new Set<string>();
  const images = new Set<string>();
  for (const { base, name } of stages) {
    const lower = base.toLowerCase();
    if (!stageNames.has(lower) && !base.includes('$') && lower !== 'scratch' && parseImageRef(base).ok) {
      images.add(base);
    }
    if (name) stageNames.add(name.toLowerCase());
  }
  return [...images];
}

/** Registry hosts of these images (from registryBaseImages). */
export function baseImageRegistries(images: readonly string[]): string[] {
  const registries = new Set<string>();
  for (const image of images) {
    const parsed = parseImageRef(image);
    if (parsed.ok) registries.add(parsed.ref.registry);
  }
  return [...registries];
}

/** The network for a build that must reach these registries (base images, cache repository). */
export function planBuildNetwork(registries: readonly string[]): BuildNetwork {
  const loopback = [...new Set(registries.filter((r) => isLoopbackRegistry(r)).map(normalizeRegistry))];
  if (loopback.length === 0) {
    return {
      networkMode: null,
      mappings: [],
      summary: "The engine's default network: every registry the build reads is reached over the internet.",
    };
  }
  const mappings = loopback.map((registry) => ({ registry, reachableAs: reachableFromContainer(registry) }));
  return {
    networkMode: LOOPBACK_NETWORK_MODE,
    mappings,
    summary:
      `slirp4netns with host loopback, because ${loopback.join(', ')} ${loopback.length > 1 ? 'are' : 'is'} ` +
      `on this computer's loopback: the container reaches ${loopback.length > 1 ? 'them' : 'it'} as ` +
      `${mappings.map((m) => m.reachableAs).join(', ')} and sees no other host interface.`,
  };
}

/** Executor flags that send pulls from loopback registries to their reachable address. */
export function registryMapArgs(network: BuildNetwork): string[] {
  return network.mappings.flatMap((m) => [
    `--registry-map=${m.registry}=${m.reachableAs}`,
    // Loopback registries speak plain HTTP; the mapped address must be allowed to as well.
    `--insecure-registry=${m.reachableAs}`,
  ]);
}
