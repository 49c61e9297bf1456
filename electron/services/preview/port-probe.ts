import net from 'node:net';

const CONNECT_TIMEOUT_MS = 300;

/**
 * Whether another program holds a TCP port on this machine. Binding is the real test (a server on
 * 0.0.0.0 or 127.0.0.1 makes our bind fail); a connect to ::1 catches IPv6-only listeners, which the
 * browser would reach for "localhost" instead of the preview.
 */
export async function isPortBusy(port: number): Promise<boolean> {
  for (const host of ['0.0.0.0', '127.0.0.1']) {
    if (!(await canListen(port, host))) return true;
  }
  return acceptsConnection(port, '::1');
}

/** The first port from `from` (at most `span` tried) that is free and not in `exclude`. */
export async function findFreePort(
  from: number,
  exclude: ReadonlySet<number> = new Set(),
  span = 200,
): Promise<number | null> {
  for (let port = from; port < Math.min(65536, from + span); port++) {
    if (exclude.has(port)) continue;
    if (!(await isPortBusy(port))) return port;
  }
  return null;
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      // A host address this machine lacks says nothing about the port.
      resolve(err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT');
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function acceptsConnection(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (busy: boolean) => {
      socket.destroy();
      resolve(busy);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
