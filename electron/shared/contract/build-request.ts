import { z } from 'zod';
import { HostPath, LIMITS } from './limits';

/**
 * What the user asks to build. Structural checks only; the build service validates meaning
 * (image reference grammar, paths inside the context, build-arg keys) and returns field errors.
 */
export const BuildRequest = z.object({
  /** Absolute folder on the machine running the services; null = the bundled nginx context. */
  contextDir: HostPath.nullable().default(null),
  /** Relative to the context. */
  dockerfile: HostPath.default('Dockerfile'),
  /**
   * Registry host, e.g. docker.io, ghcr.io, 127.0.0.1:5000. Empty = not chosen: local-only builds are
   * then named localhost/<repo>:<tag>, pushes go to Docker Hub.
   */
  registry: z.string().max(LIMITS.name).default(''),
  /** Repository path without registry, e.g. "alice/kaniko-nginx". */
  repository: z.string().max(LIMITS.name).default('kaniko-nginx'),
  tags: z.array(z.string().max(LIMITS.name)).min(1).max(LIMITS.listItems).default(['latest']),
  buildArgs: z
    .array(z.object({ key: z.string().max(LIMITS.name), value: z.string().max(LIMITS.buildArgValue) }))
    .max(LIMITS.listItems)
    .default([]),
  target: z.string().max(LIMITS.name).default(''),
  /** push = send to the registry; local = --no-push --tar-path, then load into Podman. */
  mode: z.enum(['push', 'local']).default('local'),
  /** Kaniko's layer cache (--cache=true): unchanged RUN steps come from the cache instead of running. */
  cache: z.boolean().default(false),
  /**
   * Push builds with cacheLogin: the repository the cache lives in; empty = <destination repository>/cache.
   * No tag or digest (Kaniko tags it with each step's cache key).
   */
  cacheRepo: z.string().max(LIMITS.name).default(''),
  /**
   * Push builds: keep the cache in cacheRepo's registry, which means the build container gets the saved
   * login for that registry (Dockerfile steps can read it). Off: the cache lives in the app's own cache
   * registry on this computer's loopback, and no login enters the container.
   */
  cacheLogin: z.boolean().default(false),
  /**
   * Give the executor the saved logins of the registries the FROM images come from (private base
   * images). Off by default: Dockerfile steps can read whatever login the executor holds.
   */
  baseImageLogin: z.boolean().default(false),
});
export type BuildRequest = z.infer<typeof BuildRequest>;
export type BuildRequestInput = z.input<typeof BuildRequest>;
