import { z } from 'zod';

/**
 * What the user asks to build. Structural checks only; the build service validates meaning
 * (image reference grammar, paths inside the context, build-arg keys) and returns field errors.
 */
export const BuildRequest = z.object({
  /** Absolute folder on the machine running the services; null = the bundled nginx context. */
  contextDir: z.string().nullable().default(null),
  /** Relative to the context. */
  dockerfile: z.string().default('Dockerfile'),
  /**
   * Registry host, e.g. docker.io, ghcr.io, 127.0.0.1:5000. Empty = not chosen: local-only builds are
   * then named localhost/<repo>:<tag>, pushes go to Docker Hub.
   */
  registry: z.string().default(''),
  /** Repository path without registry, e.g. "alice/kaniko-nginx". */
  repository: z.string().default('kaniko-nginx'),
  tags: z.array(z.string()).min(1).default(['latest']),
  buildArgs: z.array(z.object({ key: z.string(), value: z.string() })).default([]),
  target: z.string().default(''),
  /** push = send to the registry; local = --no-push --tar-path, then load into Podman. */
  mode: z.enum(['push', 'local']).default('local'),
  cache: z.boolean().default(false),
});
export type BuildRequest = z.infer<typeof BuildRequest>;
export type BuildRequestInput = z.input<typeof BuildRequest>;
