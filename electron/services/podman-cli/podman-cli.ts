import { AppError } from '../../shared/errors';
import type { CommandOutcome } from './command-error';
import { findPodman } from './find-podman';
import { runCommand, type RunOptions } from './run-command';

export interface PodmanCliOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** A fixed podman path (a setting); otherwise PATH and the usual install folders are searched. */
  binary?: string | null;
  /**
   * A prefix that runs podman as another user, as an argument array, e.g.
   * ['runuser', '-u', 'someone', '--']. Used where the app itself runs as root (podman machine refuses root).
   */
  wrap?: readonly string[];
}

export type PodmanRunOptions = Omit<RunOptions, 'env' | 'platform' | 'label'>;

/** The one way the app runs the podman CLI. */
export class PodmanCli {
  private resolved: Promise<string | null> | null = null;

  constructor(private readonly opts: PodmanCliOptions = {}) {}

  get platform(): NodeJS.Platform {
    return this.opts.platform ?? process.platform;
  }

  get env(): NodeJS.ProcessEnv {
    return this.opts.env ?? process.env;
  }

  /** Path of podman, or null when it is not installed (looked up once). */
  binary(): Promise<string | null> {
    if (this.opts.binary) return Promise.resolve(this.opts.binary);
    this.resolved ??= findPodman(this.env, this.platform);
    return this.resolved;
  }

  /** The full argument vector for `podman ...args` (wrap prefix included). */
  async argv(args: readonly string[]): Promise<string[]> {
    const bin = await this.binary();
    if (!bin) {
      this.resolved = null; // look again next time: the user may install it meanwhile
      throw new AppError(
        'UNAVAILABLE',
        'Podman is not installed (not on PATH nor in the usual install folders).',
        {
          hint: 'Install Podman from podman.io, then try again.',
        },
      );
    }
    return [...(this.opts.wrap ?? []), bin, ...args];
  }

  async run(args: readonly string[], opts: PodmanRunOptions = {}): Promise<CommandOutcome> {
    const [file, ...rest] = await this.argv(args);
    return runCommand(file as string, rest, {
      ...opts,
      env: this.env,
      platform: this.platform,
      label: ['podman', ...args.filter((a) => !a.startsWith('-')).slice(0, 2)].join(' '),
    });
  }

  /** Runs a command whose stdout is JSON and parses it. */
  async json(args: readonly string[], opts: PodmanRunOptions = {}): Promise<unknown> {
    const { stdout } = await this.run(args, opts);
    try {
      return JSON.parse(stdout.trim() || 'null');
    } catch (err) {
      throw new AppError(
        'INTERNAL',
        `podman ${args.slice(0, 2).join(' ')} printed output that is not JSON.`,
        {
          cause: err,
        },
      );
    }
  }
}
