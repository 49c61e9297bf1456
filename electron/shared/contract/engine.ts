import { z } from 'zod';
import { event, request } from './define';

export const EngineStatus = z.object({
  state: z.enum(['connecting', 'connected', 'disconnected']),
  /** Where the app looked or is connected: a unix socket path, a named pipe or tcp://host:port. */
  socketPath: z.string().nullable(),
  /**
   * Which rule picked the socket: the --socket option (flag), the app setting, CONTAINER_HOST /
   * DOCKER_HOST (env), a Podman machine, or an OS default.
   */
  source: z.enum(['flag', 'setting', 'env', 'machine', 'default']).nullable(),
  podmanVersion: z.string().optional(),
  apiVersion: z.string().optional(),
  rootless: z.boolean().optional(),
  /** The engine's platform, e.g. 'linux' and 'amd64' (known once connected). */
  os: z.string().optional(),
  arch: z.string().optional(),
  /** Why it is not connected, in words for the user. */
  error: z.string().optional(),
  /** What to do about it. */
  hint: z.string().optional(),
  checkedAt: z.number(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

export const engineRequests = {
  'engine.status': request(z.object({}), EngineStatus),
  /** Look for a socket again now (after the user started Podman), instead of waiting for the next retry. */
  'engine.reconnect': request(z.object({}), EngineStatus),
};

export const engineEvents = {
  'engine.status': event(EngineStatus, { sticky: true }),
};
