import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The hard open-files limit of this process. Podman's default container ulimit (1048576) is refused in
 * sandboxes where root lacks CAP_SYS_RESOURCE, so containers get what the host really allows.
 */
export async function hardNofileLimit(): Promise<number> {
  const limits = await readFile('/proc/self/limits', 'utf8').catch(() => '');
  const line = limits.split('\n').find((l) => l.startsWith('Max open files'));
  const hard = line?.trim().split(/\s+/)[4];
  if (!hard || hard === 'unlimited') return 1_048_576;
  return Number(hard);
}

/**
 * Engine settings this Debian host needs: runc (crun fails on the hybrid cgroup layout), cgroupfs (no
 * systemd), file events (no journald) and ulimits within the hard limit.
 */
export function containersConf(nofile: number): string {
  return [
    '[containers]',
    `default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=32768:32768"]`,
    '[engine]',
    'runtime = "runc"',
    'cgroup_manager = "cgroupfs"',
    'events_logger = "file"',
    '',
  ].join('\n');
}

/** Writes containers.conf into dir (world-readable, the rootless service user reads it). */
export async function writeContainersConf(dir: string): Promise<string> {
  const file = path.join(dir, 'containers.conf');
  await writeFile(file, containersConf(await hardNofileLimit()), { mode: 0o644 });
  return file;
}

/**
 * A registries.conf for the engine: no short-name search (nothing may be pulled from the internet) and the
 * local test registry marked insecure, because the compat push API has no tls-verify switch.
 */
export async function writeRegistriesConf(dir: string, insecureRegistries: string[]): Promise<string> {
  const file = path.join(dir, 'registries.conf');
  const entries = insecureRegistries.map((r) => `[[registry]]\nlocation = "${r}"\ninsecure = true\n`);
  await writeFile(file, ['unqualified-search-registries = []', '', ...entries].join('\n'), {
    mode: 0o644,
  });
  return file;
}
