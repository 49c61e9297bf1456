import { expect, test } from 'vitest';
import { createDockerClient } from '../../../electron/services/engine/engine-client';
import { longLivedClient } from '../../../electron/services/preview/long-lived-client';

test('the pull client talks to the same engine without the idle timeout', () => {
  const quick = createDockerClient('/run/x/podman.sock', 3000);
  const long = longLivedClient(quick);
  const m = long.modem as unknown as { socketPath?: string; timeout?: number };
  expect((quick.modem as unknown as { timeout?: number }).timeout).toBe(3000);
  expect(m.socketPath).toBe('/run/x/podman.sock');
  expect(m.timeout).toBeUndefined();

  const tcp = longLivedClient(createDockerClient('tcp://127.0.0.1:2376', 3000));
  expect(tcp.modem).toMatchObject({ host: '127.0.0.1', port: 2376, protocol: 'http' });
  expect((tcp.modem as unknown as { timeout?: number }).timeout).toBeUndefined();
});
