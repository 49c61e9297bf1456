import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../../../electron/services/podman-cli/command-error';
import { findPodman } from '../../../electron/services/podman-cli/find-podman';
import { PodmanCli } from '../../../electron/services/podman-cli/podman-cli';
import { runCommand } from '../../../electron/services/podman-cli/run-command';

const node = process.execPath;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('runCommand', () => {
  it('passes arguments as an array: shell syntax arrives literally', async () => {
    const tricky = ['$(echo pwned)', 'a b', '; rm -rf /nope', '"quoted"', '*'];
    const { stdout } = await runCommand(node, [
      '-e',
      'console.log(JSON.stringify(process.argv.slice(1)))',
      ...tricky,
    ]);
    expect(JSON.parse(stdout)).toEqual(tricky);
  });

  it('rejects with a CommandError carrying stdout, stderr and the exit code', async () => {
    const err = await runCommand(
      node,
      ['-e', 'console.log("out"); console.error("Error: broken thing"); process.exit(125)'],
      {
        label: 'podman machine start',
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    const ce = err as CommandError;
    expect(ce.code).toBe('INTERNAL');
    expect(ce.exitCode).toBe(125);
    expect(ce.stdout).toBe('out\n');
    expect(ce.stderr).toBe('Error: broken thing\n');
    expect(ce.message).toBe('podman machine start failed (exit code 125): Error: broken thing');
  });

  it('streams lines while the process is still running, split across chunks and \\r', async () => {
    const seen: Array<[string, string, number]> = [];
    const started = Date.now();
    const script = `
      process.stdout.write('first li'); setTimeout(() => process.stdout.write('ne\\nprogress 10%\\rprogress 50%\\r\\n'), 50);
      setTimeout(() => { console.error('warn'); }, 100);
      setTimeout(() => process.exit(0), 600);`;
    await runCommand(node, ['-e', script], {
      onLine: (line, stream) => seen.push([line, stream, Date.now() - started]),
    });
    const ended = Date.now() - started;
    expect(seen.map(([l, s]) => [l, s])).toEqual([
      ['first line', 'stdout'],
      ['progress 10%', 'stdout'],
      ['progress 50%', 'stdout'],
      ['warn', 'stderr'],
    ]);
    // the first line came while the process still ran: the script exits ~550 ms after writing it, so
    // it arrives well before the end (measured from the end, so a slow start on a busy host is fine)
    expect(seen[0]?.[2]).toBeLessThan(ended - 300);
  });

  it('cancel kills the child and its children, and rejects with CANCELLED', async () => {
    const pids: number[] = [];
    const controller = new AbortController();
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(process.pid + ' ' + g.pid);
      setInterval(() => {}, 1000);`;
    const run = runCommand(node, ['-e', script], {
      signal: controller.signal,
      onLine: (line) => pids.push(...line.split(' ').map(Number)),
    });
    await waitFor(() => pids.length === 2);
    expect(pids.every(alive)).toBe(true);
    controller.abort();
    const err = (await run.catch((e: unknown) => e)) as CommandError;
    expect(err).toBeInstanceOf(CommandError);
    expect(err.code).toBe('CANCELLED');
    await waitFor(() => !pids.some(alive));
  });

  it('a child that ignores SIGTERM is killed after the grace period', async () => {
    const controller = new AbortController();
    let ready = false;
    const run = runCommand(
      node,
      ['-e', 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)'],
      {
        signal: controller.signal,
        killGraceMs: 200,
        onLine: () => (ready = true),
      },
    );
    await waitFor(() => ready);
    const t0 = Date.now();
    controller.abort();
    const err = (await run.catch((e: unknown) => e)) as CommandError;
    expect(err.code).toBe('CANCELLED');
    expect(err.signal).toBe('SIGKILL');
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('times out with TIMEOUT and keeps the output seen so far', async () => {
    const err = (await runCommand(node, ['-e', 'console.log("booting"); setInterval(() => {}, 1000)'], {
      timeoutMs: 2_000,
    }).catch((e: unknown) => e)) as CommandError;
    expect(err.code).toBe('TIMEOUT');
    expect(err.stdout).toBe('booting\n');
  });

  it('an already aborted signal never starts the process', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = (await runCommand(node, ['-e', ''], { signal: controller.signal }).catch(
      (e: unknown) => e,
    )) as CommandError;
    expect(err.code).toBe('CANCELLED');
  });

  it('a missing program is UNAVAILABLE', async () => {
    const err = (await runCommand('/nonexistent/podman', ['version']).catch(
      (e: unknown) => e,
    )) as CommandError;
    expect(err).toBeInstanceOf(CommandError);
    expect(err.code).toBe('UNAVAILABLE');
  });

  it('does not hang when a daemon it started keeps the output pipe open', async () => {
    // like `podman machine start` leaving gvproxy/qemu behind
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
      console.log(g.pid); g.unref(); process.exit(0);`;
    let daemon = 0;
    const t0 = Date.now();
    await runCommand(node, ['-e', script], { onLine: (l) => (daemon = Number(l)) });
    expect(Date.now() - t0).toBeLessThan(2_000);
    if (daemon) process.kill(daemon, 'SIGKILL');
  });
});

describe('finding podman and the CLI wrapper', () => {
  it('finds podman on PATH first, then in the install folders', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kd-find-'));
    const fake = path.join(dir, 'podman');
    await writeFile(fake, '#!/bin/sh\n');
    await chmod(fake, 0o755);
    expect(await findPodman({ PATH: dir }, 'linux')).toBe(fake);
    // not on PATH: the real one in /usr/bin (an install folder) is found
    expect(await findPodman({ PATH: '/nonexistent' }, 'linux')).toBe('/usr/bin/podman');
  });

  it('builds argv with the wrap prefix, as an array', async () => {
    const cli = new PodmanCli({ binary: '/usr/bin/podman', wrap: ['runuser', '-u', 'someone', '--'] });
    expect(await cli.argv(['machine', 'list', '--format', 'json'])).toEqual([
      'runuser',
      '-u',
      'someone',
      '--',
      '/usr/bin/podman',
      'machine',
      'list',
      '--format',
      'json',
    ]);
  });

  it('says podman is not installed when it is nowhere', async () => {
    const cli = new PodmanCli({ env: { PATH: '/nonexistent' }, platform: 'win32' });
    await expect(cli.run(['version'])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
