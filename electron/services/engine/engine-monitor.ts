import type Docker from 'dockerode';
import { AppError } from '../../shared/errors';
import type { EngineStatus } from '../../shared/contract/engine';
import { createDockerClient, readEngineFacts } from './engine-client';
import type { EngineAccess } from './engine-access';
import type { SocketCandidate } from './socket-discovery';

export interface EngineMonitorOptions {
  discover: () => Promise<SocketCandidate[]>;
  publish: (status: EngineStatus) => void;
  /** Whether a podman binary is installed, to tell "install Podman" from "start Podman". */
  podmanInstalled: () => Promise<boolean>;
  platform: NodeJS.Platform;
  /** Liveness ping period while connected; a lost socket is reported within about twice this. */
  pingIntervalMs?: number;
  /** Reconnect delays while disconnected; the last one repeats. */
  backoffMs?: number[];
}

/**
 * Finds a Podman API socket, keeps pinging it (cheap) and caches version/rootless facts (costly) per
 * connection. When the socket goes away it reports so and retries with backoff, so the UI reconnects
 * without a reload.
 */
export class EngineMonitor implements EngineAccess {
  private current: EngineStatus = {
    state: 'connecting',
    socketPath: null,
    source: null,
    checkedAt: Date.now(),
  };
  /** For services: no timeout, since waits, attaches, pulls and log follows stay quiet for long. */
  private client: Docker | null = null;
  /** For liveness only: a short timeout so a hung socket is noticed quickly. */
  private pingClient: Docker | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private probing: Promise<EngineStatus> | null = null;
  private stopped = true;

  constructor(private readonly opts: EngineMonitorOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.opts.publish(this.current);
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  status(): EngineStatus {
    return this.current;
  }

  docker(): Docker {
    if (this.client === null || this.current.state !== 'connected') {
      throw new AppError('ENGINE_UNAVAILABLE', this.current.error ?? 'Podman is not connected.', {
        hint: this.current.hint ?? 'Start Podman, then press Reconnect in the status bar.',
      });
    }
    return this.client;
  }

  async firstConnection(timeoutMs: number): Promise<void> {
    if (this.current.state !== 'connecting' || this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    try {
      await Promise.race([this.probe().then(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Probes now, whatever the schedule says. */
  async reconnect(): Promise<EngineStatus> {
    this.failures = 0;
    const s = await this.probe();
    this.schedule();
    return s;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.current.state === 'connected' && this.pingClient) {
      try {
        await this.pingClient.ping();
        this.schedule();
        return;
      } catch {
        this.set({
          state: 'disconnected',
          socketPath: this.current.socketPath,
          source: this.current.source,
          error: `The Podman API at ${this.current.socketPath} stopped answering.`,
          hint: 'Podman stopped or restarted; the app reconnects by itself when it is back.',
          checkedAt: Date.now(),
        });
        this.client = null;
        this.pingClient = null;
      }
    }
    await this.probe();
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const backoff = this.opts.backoffMs ?? [500, 1000, 2000, 3000];
    const delay =
      this.current.state === 'connected'
        ? (this.opts.pingIntervalMs ?? 1500)
        : (backoff[Math.min(this.failures - 1, backoff.length - 1)] ?? 3000);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref?.();
  }

  private probe(): Promise<EngineStatus> {
    this.probing ??= this.probeOnce().finally(() => {
      this.probing = null;
    });
    return this.probing;
  }

  private async probeOnce(): Promise<EngineStatus> {
    const candidates = await this.opts.discover();
    for (const c of candidates) {
      const client = createDockerClient(c.address, 3000);
      try {
        await client.ping();
        // An engine that answers ping is connected even if its facts cannot be read (older APIs).
        const facts = await readEngineFacts(client).catch(() => null);
        // dockerode's timeout is a socket idle timeout on every request: keep it off the services' client.
        this.pingClient = client;
        this.client = createDockerClient(c.address);
        this.failures = 0;
        return this.set({
          state: 'connected',
          socketPath: c.address,
          source: c.source,
          podmanVersion: facts?.podmanVersion,
          apiVersion: facts?.apiVersion,
          rootless: facts?.rootless,
          ...(facts?.os ? { os: facts.os } : {}),
          ...(facts?.arch ? { arch: facts.arch } : {}),
          ...(facts && !facts.isPodman
            ? { hint: 'This engine is not Podman; builds may behave differently.' }
            : {}),
          checkedAt: Date.now(),
        });
      } catch {
        // try the next candidate
      }
    }
    this.failures += 1;
    this.client = null;
    this.pingClient = null;
    return this.set(await this.describeDisconnected(candidates));
  }

  private async describeDisconnected(candidates: SocketCandidate[]): Promise<EngineStatus> {
    const first = candidates[0] ?? null;
    const base = {
      state: 'disconnected' as const,
      socketPath: first?.address ?? null,
      source: first?.source ?? null,
    };
    if (!(await this.opts.podmanInstalled())) {
      return {
        ...base,
        error: 'Podman is not installed.',
        hint: installHint(this.opts.platform),
        checkedAt: Date.now(),
      };
    }
    return {
      ...base,
      error: `No Podman API answered (tried ${candidates.map((c) => c.address).join(', ') || 'nothing'}).`,
      hint: startHint(this.opts.platform),
      checkedAt: Date.now(),
    };
  }

  private set(next: EngineStatus): EngineStatus {
    this.current = next;
    this.opts.publish(next);
    return next;
  }
}

function installHint(platform: NodeJS.Platform): string {
  if (platform === 'linux')
    return 'Install Podman 4 or later with your package manager (e.g. apt-get install podman), then press Reconnect.';
  return 'Install Podman Desktop or the Podman CLI from podman.io, create a machine on the Machine page, then press Reconnect.';
}

function startHint(platform: NodeJS.Platform): string {
  if (platform === 'linux') {
    return 'Start the rootless API with "systemctl --user enable --now podman.socket" (or from the Machine page), or set the socket path in Settings.';
  }
  return 'Start your Podman machine on the Machine page, or set the socket path in Settings.';
}
