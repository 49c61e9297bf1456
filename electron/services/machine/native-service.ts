import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { NativeService } from '../../shared/contract/machine';
import { AppError } from '../../shared/errors';
import { lastErrorLine } from '../podman-cli/command-error';
import type { PodmanCli } from '../podman-cli/podman-cli';

export interface NativeServiceOptions {
  cli: PodmanCli;
  env: NodeJS.ProcessEnv;
  uid: number;
  /** Called whenever the status changes (the machine panel shows it). */
  onChange: () => void;
  /** Output of the service, for the app log. */
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
}

/** The rootless API socket Podman uses on Linux without a VM. */
export function nativeSocketPath(env: NodeJS.ProcessEnv, uid: number): string {
  const runtime = env.XDG_RUNTIME_DIR || `/run/user/${uid}`;
  return path.join(runtime, 'podman', 'podman.sock');
}

/** Whether something answers on a unix socket (a stale socket file does not count). */
export function socketAnswers(socketPath: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(socketPath);
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * Linux without a machine: runs `podman system service --time=0 unix://…/podman.sock` as a child the app
 * supervises and stops on quit. A service someone else already runs on that socket is left alone.
 */
export class NativeServiceSupervisor {
  readonly socketPath: string;
  private controller: AbortController | null = null;
  private exited: Promise<void> = Promise.resolve();
  private error: string | null = null;
  private answering = false;

  constructor(private readonly opts: NativeServiceOptions) {
    this.socketPath = nativeSocketPath(opts.env, opts.uid);
  }

  status(): NativeService {
    return {
      socketPath: this.socketPath,
      running: this.answering || this.controller !== null,
      supervised: this.controller !== null,
      error: this.error,
    };
  }

  /** Re-checks whether a service answers on the socket (cheap: one connect). */
  async probe(): Promise<NativeService> {
    this.answering = await socketAnswers(this.socketPath, 500);
    return this.status();
  }

  async start(): Promise<NativeService> {
    if (this.controller || (await socketAnswers(this.socketPath))) {
      this.answering = true;
      return this.status();
    }
    await mkdir(path.dirname(this.socketPath), { recursive: true, mode: 0o700 });
    const controller = new AbortController();
    this.controller = controller;
    this.error = null;
    let failure: string | null = null;
    const run = this.opts.cli.run(['system', 'service', '--time=0', `unix://${this.socketPath}`], {
      signal: controller.signal,
      onLine: (line) => this.opts.onLine?.(line),
    });
    this.exited = run.then(
      () => this.onExit(controller, 'The Podman service stopped by itself.'),
      (err: unknown) => {
        failure = describe(err);
        this.onExit(controller, controller.signal.aborted ? null : failure);
      },
    );
    this.opts.onChange();
    await this.waitReady(controller, () => failure);
    this.answering = true;
    this.opts.onChange();
    return this.status();
  }

  /** Stops the child if the app started it (on quit). */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.exited;
  }

  private onExit(controller: AbortController, error: string | null): void {
    if (this.controller !== controller) return;
    this.controller = null;
    this.answering = false;
    this.error = error;
    this.opts.onChange();
  }

  private async waitReady(controller: AbortController, failure: () => string | null): Promise<void> {
    const timeoutMs = this.opts.readyTimeoutMs ?? 10_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.controller !== controller) {
        throw new AppError('UNAVAILABLE', `The Podman service exited at once: ${failure() ?? 'no output'}`, {
          hint: 'Check that podman works in a terminal (podman info), then try again.',
        });
      }
      if (await socketAnswers(this.socketPath, 300)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    controller.abort();
    throw new AppError(
      'TIMEOUT',
      `The Podman service did not open ${this.socketPath} within ${Math.round(timeoutMs / 1000)} s.`,
      {
        hint: 'Check that podman works in a terminal (podman info), then try again.',
      },
    );
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'stderr' in err && typeof err.stderr === 'string') {
    const line = lastErrorLine(err.stderr);
    if (line) return line;
  }
  return err instanceof Error ? err.message : String(err);
}
