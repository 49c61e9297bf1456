import { appendFile, chmod, readFile, stat } from 'node:fs/promises';
import { mustRun, runProcess } from './proc';

export interface ServiceUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** The unprivileged account that runs the rootless test engine when the tests run as root. */
export const ROOTLESS_TEST_USER = 'kdtest';

const SUBID_COUNT = 65_536;

/**
 * Makes `name` usable for rootless Podman: creates it if missing, gives it subordinate uid/gid ranges
 * and opens /dev/net/tun (slirp4netns needs it). Root only; throws with the reason when it cannot.
 */
export async function ensureRootlessUser(name = ROOTLESS_TEST_USER): Promise<ServiceUser> {
  if (process.getuid?.() !== 0) throw new Error('creating the rootless test user needs root');
  if ((await runProcess('id', ['-u', name])).code !== 0) {
    await mustRun('useradd', ['-m', '-s', '/bin/sh', name]);
  }
  for (const kind of ['uid', 'gid'] as const) {
    const file = `/etc/sub${kind}`;
    const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    if (!lines.some((l) => l.startsWith(`${name}:`))) {
      const start = nextFreeSubidStart(lines);
      const range = `${start}-${start + SUBID_COUNT - 1}`;
      await mustRun('usermod', [kind === 'uid' ? '--add-subuids' : '--add-subgids', range, name]);
    }
  }
  await openTunDevice();
  const entry = (await mustRun('getent', ['passwd', name])).trim().split(':');
  const [, , uid, gid, , home] = entry;
  if (!uid || !gid || !home) throw new Error(`cannot read the passwd entry of ${name}`);
  return { name, uid: Number(uid), gid: Number(gid), home };
}

/**
 * A rootful engine hands out `--userns=auto` ranges from the `containers` entries of /etc/subuid and
 * /etc/subgid (no account needed). Adds them when missing, so build containers can get their own user
 * namespace on the rootful test engine. Root only.
 */
export async function ensureAutoUsernsRanges(): Promise<void> {
  for (const kind of ['uid', 'gid'] as const) {
    const file = `/etc/sub${kind}`;
    const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    if (lines.some((l) => l.startsWith('containers:'))) continue;
    await appendFile(file, `containers:${nextFreeSubidStart(lines) + SUBID_COUNT}:${SUBID_COUNT * 4}\n`);
  }
}

function nextFreeSubidStart(lines: string[]): number {
  let end = 100_000;
  for (const l of lines) {
    const [, start, count] = l.split(':');
    end = Math.max(end, Number(start) + Number(count));
  }
  return end;
}

async function openTunDevice(): Promise<void> {
  try {
    const s = await stat('/dev/net/tun');
    if ((s.mode & 0o666) !== 0o666) await chmod('/dev/net/tun', 0o666);
  } catch {
    // no tun device: slirp4netns fails later and the caller falls back to rootful
  }
}
