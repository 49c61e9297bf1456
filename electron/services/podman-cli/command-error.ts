import { AppError, type ErrorCode } from '../../shared/errors';

export interface CommandOutcome {
  /** The program and its arguments, as run (for logs and messages; never contains a shell string). */
  argv: string[];
  stdout: string;
  stderr: string;
  /** null when the process was killed by a signal or never started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A command that failed, was cancelled or timed out. It is an AppError, so it can reach the UI as is,
 * and it keeps the whole outcome so callers can diagnose known failures from stderr.
 */
export class CommandError extends AppError implements CommandOutcome {
  readonly argv: string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;

  constructor(
    code: ErrorCode,
    message: string,
    outcome: CommandOutcome,
    opts: { hint?: string; cause?: unknown } = {},
  ) {
    super(code, message, opts);
    this.name = 'CommandError';
    this.argv = outcome.argv;
    this.stdout = outcome.stdout;
    this.stderr = outcome.stderr;
    this.exitCode = outcome.exitCode;
    this.signal = outcome.signal;
  }

  /** stdout and stderr together, for matching known failure texts. */
  get output(): string {
    return `${this.stderr}\n${this.stdout}`;
  }
}

/** The last non-empty line of a command's error output: usually podman's "Error: ..." line. */
export function lastErrorLine(stderr: string, stdout = ''): string | null {
  const lines = `${stdout}\n${stderr}`
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const errorLine = [...lines].reverse().find((l) => /^error:/i.test(l));
  return errorLine ?? lines.at(-1) ?? null;
}
