import { afterEach, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../electron/shared/contract/engine';
import { EngineMonitor } from '../../electron/services/engine/engine-monitor';
import type { SocketCandidate } from '../../electron/services/engine/socket-discovery';
import { libpodInfo } from '../support/engine-http';
import type { PodmanService } from '../support/podman-service';
import { siblingSocketPath, startSiblingPodmanService } from '../support/sibling-service';
import { testEnv } from '../support/test-env';

const env = testEnv();

/** A monitor on exactly one socket that records every status it publishes. */
function monitorOn(address: string) {
  const seen: EngineStatus[] = [];
  const candidates: SocketCandidate[] = [{ address, source: 'env' }];
  const monitor = new EngineMonitor({
    discover: async () => candidates,
    publish: (s) => seen.push(s),
    podmanInstalled: async () => true,
    platform: 'linux',
  });
  return { monitor, seen };
}

async function waitForState(
  monitor: EngineMonitor,
  state: EngineStatus['state'],
  withinMs: number,
): Promise<number> {
  const t0 = Date.now();
  while (monitor.status().state !== state) {
    if (Date.now() - t0 > withinMs) {
      throw new Error(`still ${monitor.status().state} after ${withinMs} ms, expected ${state}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - t0;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('EngineMonitor against real Podman', () => {
  it('a caller right after start waits for the first connection instead of failing', async () => {
    const { monitor } = monitorOn(env.podmanSocket);
    monitor.start();
    cleanups.push(() => monitor.stop());
    expect(monitor.status().state).toBe('connecting');
    expect(() => monitor.docker()).toThrow(/not connected/);
    await monitor.firstConnection(10_000);
    expect(monitor.status().state).toBe('connected');
    expect(await monitor.docker().ping()).toBeTruthy();
  });

  it('the first connection that finds nothing ends the wait at once, with the reason', async () => {
    const { monitor } = monitorOn(`${env.stateDir}/no-such.sock`);
    monitor.start();
    cleanups.push(() => monitor.stop());
    const t0 = Date.now();
    await monitor.firstConnection(10_000);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(monitor.status().state).toBe('disconnected');
    expect(() => monitor.docker()).toThrow();
  });

  it('connects and reports the real Podman version and rootless flag', async () => {
    const { monitor, seen } = monitorOn(env.podmanSocket);
    monitor.start();
    cleanups.push(() => monitor.stop());
    await waitForState(monitor, 'connected', 10_000);
    const info = await libpodInfo(env.podmanSocket);
    const s = monitor.status();
    expect(s.podmanVersion).toBe(info.version.Version);
    expect(s.rootless).toBe(env.rootless);
    // Read once per connection: base-image lookups need the platform, and Podman's /version is slow.
    expect({ os: s.os, arch: s.arch }).toEqual({ os: info.host.os, arch: info.host.arch });
    expect(s.socketPath).toBe(env.podmanSocket);
    expect(s.source).toBe('env');
    expect(seen[0]?.state).toBe('connecting');
    expect(() => monitor.docker()).not.toThrow();
    expect(await monitor.docker().ping()).toBeTruthy();
  });

  it('reports a killed service within 5 s and reconnects by itself when it is back', async () => {
    const socket = siblingSocketPath('monitor');
    let service: PodmanService = await startSiblingPodmanService(socket);
    cleanups.push(() => service.stop());
    const { monitor, seen } = monitorOn(socket);
    monitor.start();
    cleanups.push(() => monitor.stop());
    await waitForState(monitor, 'connected', 10_000);

    await service.stop();
    const lostAfter = await waitForState(monitor, 'disconnected', 5_000);
    expect(lostAfter).toBeLessThanOrEqual(5_000);
    expect(monitor.status().error).toContain(socket);
    expect(() => monitor.docker()).toThrow(/not connected|stopped answering|No Podman API/);

    service = await startSiblingPodmanService(socket);
    const backAfter = await waitForState(monitor, 'connected', 10_000);
    expect(backAfter).toBeLessThan(10_000);
    expect(monitor.status().rootless).toBe(env.rootless);
    expect(await monitor.docker().ping()).toBeTruthy();
    // the whole story was published, in order
    const states = seen.map((s) => s.state);
    const firstLost = states.indexOf('disconnected');
    expect(states.indexOf('connected')).toBeLessThan(firstLost);
    expect(states.lastIndexOf('connected')).toBeGreaterThan(firstLost);
  });
});
