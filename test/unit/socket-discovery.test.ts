import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressFromHostUrl, discoverSockets } from '../../electron/services/engine/socket-discovery';
import type { DiscoveryInput } from '../../electron/services/engine/socket-discovery';

let runtimeDir: string;

beforeAll(async () => {
  runtimeDir = await mkdtemp(path.join(os.tmpdir(), 'kd-discovery-'));
});
afterAll(async () => {
  await rm(runtimeDir, { recursive: true, force: true });
});

function linuxInput(over: Partial<DiscoveryInput> = {}): DiscoveryInput {
  return {
    env: { XDG_RUNTIME_DIR: runtimeDir },
    platform: 'linux',
    uid: 1000,
    tmpdir: '/tmp',
    ...over,
  };
}

describe('addressFromHostUrl', () => {
  it.each([
    ['unix:///run/user/1000/podman/podman.sock', '/run/user/1000/podman/podman.sock'],
    ['/var/run/docker.sock', '/var/run/docker.sock'],
    ['npipe:////./pipe/podman-machine-default', '//./pipe/podman-machine-default'],
    ['tcp://127.0.0.1:2375', 'tcp://127.0.0.1:2375'],
    ['http://127.0.0.1:8888', 'tcp://127.0.0.1:8888'],
  ])('turns %s into %s', (url, address) => {
    expect(addressFromHostUrl(url)).toBe(address);
  });

  it('rejects schemes the compat client cannot use', () => {
    expect(addressFromHostUrl('ssh://core@127.0.0.1:22/run/podman/podman.sock')).toBeNull();
    expect(addressFromHostUrl('podman.sock')).toBeNull();
  });
});

describe('discoverSockets priority', () => {
  it('orders setting, CONTAINER_HOST, DOCKER_HOST, machine sockets, then OS defaults', async () => {
    const list = await discoverSockets(
      linuxInput({
        explicit: 'unix:///srv/explicit.sock',
        env: {
          XDG_RUNTIME_DIR: runtimeDir,
          CONTAINER_HOST: 'unix:///srv/container-host.sock',
          DOCKER_HOST: 'tcp://127.0.0.1:2375',
        },
        machineSockets: ['/srv/machine.sock'],
      }),
    );
    expect(list.slice(0, 4)).toEqual([
      { address: '/srv/explicit.sock', source: 'setting' },
      { address: '/srv/container-host.sock', source: 'env' },
      { address: 'tcp://127.0.0.1:2375', source: 'env' },
      { address: '/srv/machine.sock', source: 'machine' },
    ]);
    expect(list.slice(4).every((c) => c.source === 'default')).toBe(true);
  });

  it('keeps a plain path setting as is and lists each address once, at its best rank', async () => {
    const list = await discoverSockets(
      linuxInput({
        explicit: '/srv/same.sock',
        env: { XDG_RUNTIME_DIR: runtimeDir, CONTAINER_HOST: 'unix:///srv/same.sock' },
        machineSockets: [path.join(runtimeDir, 'podman', 'podman.sock')],
      }),
    );
    expect(list[0]).toEqual({ address: '/srv/same.sock', source: 'setting' });
    const addresses = list.map((c) => c.address);
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(list.find((c) => c.address === path.join(runtimeDir, 'podman', 'podman.sock'))?.source).toBe(
      'machine',
    );
  });

  it('marks a socket given with --socket as coming from the command line', async () => {
    const list = await discoverSockets(
      linuxInput({ explicit: 'unix:///srv/flag.sock', explicitSource: 'flag', env: {} }),
    );
    expect(list[0]).toEqual({ address: '/srv/flag.sock', source: 'flag' });
  });

  it('skips env values it cannot use (ssh://)', async () => {
    const list = await discoverSockets(
      linuxInput({ env: { XDG_RUNTIME_DIR: runtimeDir, CONTAINER_HOST: 'ssh://core@host/run/podman.sock' } }),
    );
    expect(list.some((c) => c.source === 'env')).toBe(false);
  });

  it('on Linux prefers the rootless socket for a user and the rootful one for root', async () => {
    const rootless = path.join(runtimeDir, 'podman', 'podman.sock');
    const user = await discoverSockets(linuxInput());
    expect(user.slice(0, 2).map((c) => c.address)).toEqual([rootless, '/run/podman/podman.sock']);
    const root = await discoverSockets(linuxInput({ uid: 0 }));
    expect(root.slice(0, 2).map((c) => c.address)).toEqual(['/run/podman/podman.sock', rootless]);
  });

  it('falls back to /run/user/<uid> without XDG_RUNTIME_DIR', async () => {
    const list = await discoverSockets(linuxInput({ env: {}, uid: 4242 }));
    expect(list[0]?.address).toBe('/run/user/4242/podman/podman.sock');
  });

  it('finds podman machine API sockets (<name>-api.sock) in the runtime dir after the defaults', async () => {
    await mkdir(path.join(runtimeDir, 'podman'), { recursive: true });
    await writeFile(path.join(runtimeDir, 'podman', 'dev-api.sock'), '');
    await writeFile(path.join(runtimeDir, 'podman', 'not-a-socket.txt'), '');
    const list = await discoverSockets(linuxInput());
    const api = list.filter((c) => c.address.endsWith('-api.sock'));
    expect(api).toEqual([{ address: path.join(runtimeDir, 'podman', 'dev-api.sock'), source: 'default' }]);
    expect(list.indexOf(api[0] as (typeof list)[number])).toBe(list.length - 1);
  });

  it('uses named pipes on Windows', async () => {
    const list = await discoverSockets({ env: {}, platform: 'win32', uid: -1, tmpdir: 'C:\\Temp' });
    expect(list.map((c) => c.address)).toEqual(['//./pipe/podman-machine-default', '//./pipe/docker_engine']);
  });

  it('on macOS looks for machine API sockets in the temp dir first', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'kd-darwin-'));
    try {
      await mkdir(path.join(tmp, 'podman'));
      await writeFile(path.join(tmp, 'podman', 'podman-machine-default-api.sock'), '');
      const list = await discoverSockets({ env: {}, platform: 'darwin', uid: 501, tmpdir: tmp });
      expect(list[0]).toEqual({
        address: path.join(tmp, 'podman', 'podman-machine-default-api.sock'),
        source: 'default',
      });
      expect(list[1]?.address).toMatch(/\.local\/share\/containers\/podman\/machine\/podman\.sock$/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
