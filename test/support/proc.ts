import { spawn } from 'node:child_process';

export interface ProcResult {
  stdout: string;
  stderr: string;
  /** Exit code; -1 when the process could not be started or was killed by a signal. */
  code: number;
}

export interface ProcOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to stdin; stdin is closed either way. */
  input?: string | Buffer;
  timeoutMs?: number;
}

/** Runs a program with an argument array (no shell) and collects its output. Never throws. */
export function runProcess(cmd: string, args: string[], opts: ProcOptions = {}): Promise<ProcResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 120_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined); // the program may exit before reading its input
    child.stdin.end(opts.input ?? '');
    child.on('error', (e) => resolve({ stdout: '', stderr: String(e), code: -1 }));
    child.on('close', (code) =>
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? -1,
      }),
    );
  });
}

/** Like runProcess, but throws with the program's stderr when it exits non-zero. */
export async function mustRun(cmd: string, args: string[], opts: ProcOptions = {}): Promise<string> {
  const r = await runProcess(cmd, args, opts);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return r.stdout;
}
