import { describe, expect, it } from 'vitest';
import {
  cacheRegistryContainerSpec,
  cacheRegistryFilter,
  cacheRegistryNames,
} from '../../../electron/services/layer-cache/cache-registry-spec';

const installId = 'f00dfeed'.repeat(4);

describe('the cache registry container', () => {
  const spec = cacheRegistryContainerSpec({
    image: 'docker.io/library/registry:2',
    installId,
    hostPort: 41234,
  });

  it('publishes the registry on 127.0.0.1 only, drops every capability and keeps its layers in a named volume', () => {
    expect(spec.HostConfig?.PortBindings).toEqual({
      '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '41234' }],
    });
    expect(spec.HostConfig?.CapDrop).toEqual(['ALL']);
    expect(spec.HostConfig?.CapAdd).toBeUndefined();
    expect(spec.HostConfig?.SecurityOpt).toEqual(['no-new-privileges']);
    expect(spec.HostConfig?.Mounts).toEqual([
      { Type: 'volume', Source: cacheRegistryNames(installId).volume, Target: '/var/lib/registry' },
    ]);
    expect(spec.HostConfig?.Binds).toBeUndefined();
    // Listening address and storage come as the registry's own environment overrides, whatever its config.
    expect(spec.Env).toContain('REGISTRY_HTTP_ADDR=0.0.0.0:5000');
    expect(spec.Env).toContain('REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=/var/lib/registry');
  });

  it('carries the app-owned labels with this install’s value, which the list filter asks for', () => {
    expect(spec.Labels).toMatchObject({
      'io.kaniko-desktop.owned': '1',
      'io.kaniko-desktop.kind': 'cache-registry',
      'io.kaniko-desktop.install': installId,
      'io.kaniko-desktop.host-port': '41234',
    });
    for (const label of cacheRegistryFilter(installId).label) {
      const [k, v] = label.split('=');
      expect(spec.Labels?.[k!]).toBe(v);
    }
  });

  it('is named per install, so two installs on one engine never share a cache', () => {
    expect(cacheRegistryNames(installId)).not.toEqual(cacheRegistryNames('0123abcd'.repeat(4)));
    expect(spec.name).toBe(cacheRegistryNames(installId).container);
  });
});
