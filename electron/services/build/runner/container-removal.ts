import type Docker from 'dockerode';
import { isNotFound } from '../../engine/engine-errors';

/**
 * The build container's removal: (kill +) remove, once, shared between cancel and the final clean-up.
 * A removal that fails (the engine was gone) is remembered for a later sweep.
 */
export class ContainerRemoval {
  private container: Docker.Container | null = null;
  private removal: Promise<void> | null = null;
  /** The executor ran to its end: removal needs no kill first. */
  exited = false;
  /** The container could not be removed (the engine was gone): a later sweep must do it. */
  private failed = false;

  constructor(private readonly onFailure: (message: string) => void) {}

  /** The container that remove() removes, once created. */
  track(container: Docker.Container): void {
    this.container = container;
  }

  /** Resolves true when the container is still in the engine once its removal settled (it failed). */
  left(): Promise<boolean> {
    return (this.removal ?? Promise.resolve()).then(() => this.failed);
  }

  /** Idempotent: every call gets the one removal. */
  remove(): Promise<void> {
    const c = this.container;
    if (!c) return Promise.resolve();
    // SIGKILL first unless it already exited: the executor is PID 1 and may ignore SIGTERM, and a
    // forced remove would wait for the stop timeout before killing it. On an exited container the
    // kill only fails, sometimes ~40 ms later (it queues behind Podman's post-exit clean-up).
    this.removal ??= (this.exited ? Promise.resolve() : c.kill().catch(() => undefined))
      .then(() => c.remove({ force: true, v: true }))
      .catch((err: unknown) => {
        if (isNotFound(err)) return;
        this.failed = true;
        this.onFailure(
          `Could not remove the build container (removed once Podman answers again): ${String(err)}`,
        );
      });
    return this.removal;
  }
}
