import Docker from 'dockerode';

/** A dockerode client for one address (unix socket, Windows pipe or tcp://host:port). */
export function createDockerClient(address: string, timeoutMs?: number): Docker {
  if (address.startsWith('tcp://')) {
    const url = new URL(address.replace(/^tcp:/, 'http:'));
    return new Docker({
      host: url.hostname,
      port: Number(url.port || 2375),
      protocol: 'http',
      timeout: timeoutMs,
    });
  }
  return new Docker({ socketPath: address, timeout: timeoutMs });
}

export interface EngineFacts {
  podmanVersion: string | undefined;
  apiVersion: string | undefined;
  rootless: boolean | undefined;
  isPodman: boolean;
  /** The engine's platform ('linux', 'amd64'): which image of a multi-platform base it runs. */
  os: string | undefined;
  arch: string | undefined;
}

/** Version and rootless state. Costly (~0.6 s on Podman 4.3), so callers cache it per connection. */
export async function readEngineFacts(docker: Docker): Promise<EngineFacts> {
  const version = (await docker.version()) as Docker.DockerVersion & {
    Components?: { Name: string; Version: string }[];
    Os?: string;
    Arch?: string;
  };
  const podman = version.Components?.find((c) => /podman/i.test(c.Name));
  let rootless: boolean | undefined;
  if (podman) {
    // Podman 4.3 answers libpod routes only under a version prefix; any v4+ prefix works on 4 and 5.
    const info = (await dial(docker, '/v4.0.0/libpod/info')) as {
      host?: { security?: { rootless?: boolean } };
    };
    rootless = info.host?.security?.rootless;
  } else {
    const info = (await docker.info()) as { SecurityOptions?: string[] };
    rootless = info.SecurityOptions?.some((o) => o.includes('rootless')) ?? false;
  }
  return {
    podmanVersion: podman?.Version ?? version.Version,
    apiVersion: version.ApiVersion,
    rootless,
    isPodman: podman !== undefined,
    os: version.Os,
    arch: version.Arch,
  };
}

/** A plain GET on the engine's API through dockerode's modem (for libpod endpoints it does not wrap). */
export function dial(docker: Docker, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      { path, method: 'GET', statusCodes: { 200: true }, options: {} },
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data)),
    );
  });
}
