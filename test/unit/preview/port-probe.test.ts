import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { findFreePort, isPortBusy } from '../../../electron/services/preview/port-probe';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    servers.push(s);
    s.once('error', reject);
    s.listen(port, host, () => resolve((s.address() as net.AddressInfo).port));
  });
}

describe('isPortBusy', () => {
  test('sees a listener on 127.0.0.1 and one on 0.0.0.0', async () => {
    expect(await isPortBusy(await listen('127.0.0.1'))).toBe(true);
    expect(await isPortBusy(await listen('0.0.0.0'))).toBe(true);
  });

  test('a port nobody holds is free', async () => {
    const port = await listen('127.0.0.1');
    await new Promise((r) => servers.pop()!.close(r));
    expect(await isPortBusy(port)).toBe(false);
  });
});

describe('findFreePort', () => {
  test('skips a busy port and the excluded ones', async () => {
    const busy = await listen('127.0.0.1');
    const next = await findFreePort(busy, new Set([busy + 1]));
    expect(next).not.toBe(busy);
    expect(next).not.toBe(busy + 1);
    expect(next! > busy + 1).toBe(true);
    expect(await isPortBusy(next!)).toBe(false);
  });
});
