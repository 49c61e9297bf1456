import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../electron/shared/contract/engine';
import { socketInUse } from '../../../renderer/shell/engine-text';

const status = (over: Partial<EngineStatus>): EngineStatus => ({
  state: 'connected',
  socketPath: '/run/user/1000/podman/podman.sock',
  source: 'default',
  checkedAt: 0,
  ...over,
});

describe('socketInUse', () => {
  it('names the socket and where it came from, the --socket option included', () => {
    expect(socketInUse(status({ source: 'flag', socketPath: '/srv/p.sock' }))).toEqual({
      socket: '/srv/p.sock',
      from: 'the --socket option on the command line (it wins over the setting below)',
    });
    expect(socketInUse(status({ source: 'env' }))?.from).toContain('CONTAINER_HOST');
    expect(socketInUse(status({ source: 'setting' }))?.from).toBe('the Podman socket setting below');
  });

  it('has nothing to say before a socket was picked', () => {
    expect(socketInUse(undefined)).toBeNull();
    expect(socketInUse(status({ socketPath: null, source: null }))).toBeNull();
  });
});
