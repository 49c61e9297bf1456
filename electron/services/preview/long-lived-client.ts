import Docker from 'dockerode';

interface ModemAddress {
  socketPath?: string;
  host?: string;
  port?: number | string;
  protocol?: 'http' | 'https' | 'ssh';
  version?: string;
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * A client for the same engine without the connected client's idle timeout. That timeout (meant for
 * quick calls) destroys a request that is quiet for a few seconds, and a pull can be quiet for longer
 * than that between progress lines; dockerode then reports the cut stream as a normal end.
 */
export function longLivedClient(docker: Docker): Docker {
  const m = docker.modem as unknown as ModemAddress;
  const opts: Record<string, unknown> = {};
  for (const key of ['socketPath', 'host', 'port', 'protocol', 'version', 'ca', 'cert', 'key'] as const) {
    if (m[key] !== undefined) opts[key] = m[key];
  }
  return new Docker(opts as Docker.DockerOptions);
}
