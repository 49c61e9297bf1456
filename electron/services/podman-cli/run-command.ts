import { spawn } from 'node:child_process';
import path from 'node:path';
import { CommandError, lastErrorLine, type CommandOutcome } from './command-error';
import { LineSplitter } from './line-splitter';

export type OutputStream = 'stdout' | 'stderr';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /**
   * Working folder; by default the filesystem root, never the app's own folder: a long-lived child
   * (the Podman service) would otherwise hold it, and a child running as another user may not be
   * allowed to enter it at all.
   */
  cwd?: string;
  /** Aborting kills the child (and its process group on POSIX) and rejects with CANCELLED. */
  signal?: AbortSignal;
  /** Kills the child and rejects with TIMEOUT after this long. */
  timeoutMs?: number;
  /** Every output line as it arrives (stdout and stderr, in arrival order). */
  onLine?: (line: string, stream: OutputStream) => void;
  /** Words for messages, e.g. "podman machine start"; defaults to the program name and first argument. */
  label?: string;
  /** How long a killed child gets between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /** Upper bound on the output kept per stream (the tail is kept). */
  maxOutputChars?: number;
  platform?: NodeJS.Platform;
}

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;
/** After the child exits, how long to wait for its pipes to close: a daemon it left behind may hold them. */
const PIPE_CLOSE_GRACE_MS = 300;

/**
 * Runs a program with an argument array (never a shell) and resolves with its output when it exits 0.
 * Anything else rejects with a CommandError carrying argv, stdout, stderr and the exit code.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<CommandOutcome> {
  const platform = opts.platform ?? process.platform;
  const argv = [file, ...args];
  const label = opts.label ?? [path.basename(file), ...args.slice(0, 1)].join(' ');
  const maxChars = opts.maxOutputChars ?? DEFAULT_MAX_OUTPUT;
  const posix = platform !== 'win32';

  return new Promise<CommandOutcome>((resolve, reject) => {
    const out = { stdout: '', stderr: '' };
    const outcome = (exitCode: number | null, signal: NodeJS.Signals | null): CommandOutcome => ({
      argv,
      stdout: out.stdout,
      stderr: out.stderr,
      exitCode,
      signal,
    });

    if (opts.signal?.aborted) {
      reject(new CommandError('CANCELLED', `${label} was cancelled.`, outcome(null, null)));
      return;
    }

    const child = spawn(file, [...args], {
      shell: false,
      env: opts.env,
      cwd: opts.cwd ?? path.parse(process.cwd()).root,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      // Its own process group, so cancelling also stops whatever it started (qemu, helpers).
      detached: posix,
    });

    let stopReason: 'cancelled' | 'timeout' | null = null;
    let settled = false;
    let exited = false;
    let killTimer: NodeJS.Timeout | null = null;
    let closeTimer: NodeJS.Timeout | null = null;

    const kill = (sig: NodeJS.Signals) => {
      if (exited || child.pid === undefined) return;
      try {
        if (posix) process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        child.kill(sig); // the group may be gone already; the child itself may not
      }
    };
    const stop = (reason: 'cancelled' | 'timeout') => {
      if (stopReason || exited) return;
      stopReason = reason;
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), opts.killGraceMs ?? 2_000);
    };

    const onAbort = () => stop('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = opts.timeoutMs ? setTimeout(() => stop('timeout'), opts.timeoutMs) : null;

    const collect = (stream: OutputStream) => {
      const splitter = new LineSplitter((line) => opts.onLine?.(line, stream));
      const readable = child[stream];
      readable.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        out[stream] = (out[stream] + text).slice(-maxChars);
        splitter.write(chunk);
      });
      readable.on('end', () => splitter.end());
      return readable;
    };
    const streams = [collect('stdout'), collect('stderr')];

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      if (timeout) clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      if (closeTimer) clearTimeout(closeTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const s of streams) s.destroy();
      const result = outcome(exitCode, signal);
      if (spawnError) {
        const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new CommandError(
            'UNAVAILABLE',
            missing
              ? `${label}: ${file} was not found.`
              : `${label} could not be started: ${spawnError.message}`,
            result,
            { cause: spawnError },
          ),
        );
      } else if (stopReason === 'cancelled') {
        reject(new CommandError('CANCELLED', `${label} was cancelled.`, result));
      } else if (stopReason === 'timeout') {
        const secs = Math.round((opts.timeoutMs ?? 0) / 1000);
        reject(
          new CommandError('TIMEOUT', `${label} did not finish within ${secs} s and was stopped.`, result),
        );
      } else if (exitCode !== 0) {
        const why = lastErrorLine(result.stderr, result.stdout);
        const status = exitCode === null ? `signal ${signal}` : `exit code ${exitCode}`;
        reject(new CommandError('INTERNAL', `${label} failed (${status})${why ? `: ${why}` : '.'}`, result));
      } else {
        resolve(result);
      }
    };

    child.on('error', (err) => finish(null, null, err));
    child.on('exit', (code, sig) => {
      exited = true;
      // Normally 'close' follows at once; if a daemon inherited our pipes it never would.
      closeTimer = setTimeout(() => finish(code, sig), PIPE_CLOSE_GRACE_MS);
    });
    child.on('close', (code, sig) => finish(code, sig));
  });
}
