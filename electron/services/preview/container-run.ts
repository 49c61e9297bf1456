import type Docker from 'dockerode';
import { AppError } from '../../shared/errors';
import { engineMessage, isNotFound } from '../engine/engine-errors';
import { demuxBuffer } from '../engine/stream-demux';
import { waitForHttp } from './readiness';
import { LineTail } from './line-tail';

export interface ContainerRunSpec {
  ref: string;
  name: string;
  hostPort: number;
  containerPort: number;
  capabilities: string[];
  labels: Record<string, string>;
  readyTimeoutMs: number;
  signal: AbortSignal;
  log(...lines: string[]): void;
}

/** How often the container's state is checked while waiting for its page. */
const EXIT_POLL_MS = 200;
const LOG_TAIL_LINES = 40;

/**
 * Creates and starts one preview container and waits until its page answers. On any failure
 * (create, start, exit, timeout, cancel) the container is removed before the error is thrown, with
 * the container's last log lines and exit code in the message.
 */
export async function runPreviewContainer(docker: Docker, spec: ContainerRunSpec): Promise<string> {
  const port = `${spec.containerPort}/tcp`;
  const container = await docker.createContainer({
    name: spec.name,
    Image: spec.ref,
    Labels: spec.labels,
    Tty: false,
    ExposedPorts: { [port]: {} },
    HostConfig: {
      // Loopback only: the preview is for this machine's browser, not for the network.
      PortBindings: { [port]: [{ HostIp: '127.0.0.1', HostPort: String(spec.hostPort) }] },
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      CapAdd: spec.capabilities,
      RestartPolicy: { Name: 'no' },
    },
  });

  try {
    await container.start();
    spec.log(`Started ${container.id.slice(0, 12)}; waiting for http://localhost:${spec.hostPort}/ …`);
    await waitUntilServing(container, spec);
    return container.id;
  } catch (err) {
    await container.remove({ force: true, v: true }).catch(() => undefined);
    throw err;
  }
}

async function waitUntilServing(container: Docker.Container, spec: ContainerRunSpec): Promise<void> {
  const url = `http://127.0.0.1:${spec.hostPort}/`;
  const shownUrl = `http://localhost:${spec.hostPort}/`;
  const stop = new AbortController();
  const onCancel = () => stop.abort(spec.signal.reason);
  spec.signal.addEventListener('abort', onCancel, { once: true });
  let exitCode: number | null = null;

  // Polling inspect instead of a held-open wait/attach: short calls survive client idle timeouts.
  const watchExit = (async () => {
    while (!stop.signal.aborted) {
      await new Promise((r) => setTimeout(r, EXIT_POLL_MS));
      if (stop.signal.aborted) return;
      try {
        const info = await container.inspect();
        if (!info.State.Running && info.State.Status !== 'created') {
          exitCode = info.State.ExitCode;
          stop.abort(new AppError('UNAVAILABLE', 'exited'));
          return;
        }
      } catch (err) {
        if (isNotFound(err)) {
          exitCode = -1;
          stop.abort(new AppError('UNAVAILABLE', 'removed'));
          return;
        }
      }
    }
  })();

  try {
    await waitForHttp(url, { timeoutMs: spec.readyTimeoutMs, signal: stop.signal });
    spec.log(`${shownUrl} answers.`);
  } catch (err) {
    if (spec.signal.aborted) throw new AppError('CANCELLED', `Running ${spec.ref} was cancelled.`);
    const logs = await tailLogs(container);
    for (const line of logs) spec.log(line);
    const shown = logs.length ? `\n\nLast lines of its log:\n${logs.join('\n')}` : '\n\nIt printed nothing.';
    if (exitCode !== null) {
      throw new AppError(
        'UNAVAILABLE',
        `${spec.ref} exited with code ${exitCode} before ${shownUrl} answered.${shown}`,
        {
          hint: "Fix the error shown in the log (or the image's start command), then run it again.",
          fields: { exitCode: String(exitCode) },
        },
      );
    }
    if (err instanceof AppError && err.code === 'TIMEOUT') {
      throw new AppError(
        'TIMEOUT',
        `${spec.ref} is running but ${shownUrl} did not answer within ${Math.round(spec.readyTimeoutMs / 1000)} s.${shown}`,
        {
          hint: `Check that the server listens on port ${spec.containerPort} on all interfaces (0.0.0.0) inside the container, or choose the right container port.`,
        },
      );
    }
    throw err;
  } finally {
    spec.signal.removeEventListener('abort', onCancel);
    stop.abort();
    await watchExit;
  }
}

/** The container's last log lines (stdout and stderr, in order). */
export async function tailLogs(container: Docker.Container, lines = LOG_TAIL_LINES): Promise<string[]> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, follow: false, tail: lines })) as unknown;
    const tail = new LineTail(lines);
    tail.push(demuxBuffer(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))));
    return tail.read();
  } catch (err) {
    return [`(could not read the container's log: ${engineMessage(err)})`];
  }
}
