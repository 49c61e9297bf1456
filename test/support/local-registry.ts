import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { mustRun } from './proc';

export interface LocalRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  address: string;
  pid: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (parallel test runs must not fight over 5000). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Status code of GET http://address/v2/ with optional basic auth; 0 when nothing answers. */
export async function registryStatus(
  address: string,
  auth?: { user: string; pass: string },
): Promise<number> {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.pass}`).toString('base64')}`;
  try {
    const r = await fetch(`http://${address}/v2/`, { headers, signal: AbortSignal.timeout(2000) });
    return r.status;
  } catch {
    return 0;
  }
}

/**
 * Debian's docker-registry (distribution 2.8) on loopback with htpasswd (bcrypt) auth, storing under dir.
 * Ready once /v2/ answers 401 to an anonymous request.
 */
export async function startRegistry(dir: string, user: string, pass: string): Promise<LocalRegistry> {
  await mkdir(path.join(dir, 'data'), { recursive: true });
  const htpasswd = await mustRun('htpasswd', ['-Bbn', user, pass]);
  await writeFile(path.join(dir, 'htpasswd'), htpasswd, { mode: 0o600 });
  const address = `127.0.0.1:${await freePort()}`;
  const config = [
    'version: 0.1',
    'log: {level: warn}',
    'storage:',
    `  filesystem: {rootdirectory: ${path.join(dir, 'data')}}`,
    '  delete: {enabled: true}',
    'http:',
    `  addr: ${address}`,
    '  secret: test-registry-not-secret',
    'auth:',
    `  htpasswd: {realm: kaniko-desktop-test, path: ${path.join(dir, 'htpasswd')}}`,
    '',
  ].join('\n');
  const configFile = path.join(dir, 'config.yml');
  await writeFile(configFile, config, { mode: 0o600 });
  const logFile = path.join(dir, 'registry.log');
  const log = openSync(logFile, 'a');
  const child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.on('error', () => resolve());
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + 15_000;
  while ((await registryStatus(address)) !== 401) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).slice(-2000);
      throw new Error(`docker-registry on ${address} did not start:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address, pid: child.pid ?? -1, stop };
}
