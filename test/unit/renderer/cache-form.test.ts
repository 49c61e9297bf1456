import { describe, expect, it } from 'vitest';
import {
  cacheInRegistry,
  cacheRegistryOf,
  initialForm,
  toRequest,
} from '../../../renderer/pages/build/form-state';

describe('the Build form’s cache options', () => {
  it('sends the cache repository and the login choice only for a push build with Cache on', () => {
    const typed = { ...initialForm, cache: true, cacheLogin: true, cacheRepo: ' ghcr.io/a/cache ' };
    expect(toRequest({ ...typed, mode: 'push' })).toMatchObject({
      cache: true,
      cacheLogin: true,
      cacheRepo: 'ghcr.io/a/cache',
    });
    // Left behind when the user switches to local-only or turns Cache off: not sent, so no error either.
    expect(toRequest({ ...typed, mode: 'local' })).toMatchObject({ cacheLogin: false, cacheRepo: '' });
    expect(toRequest({ ...typed, mode: 'push', cache: false })).toMatchObject({
      cacheLogin: false,
      cacheRepo: '',
    });
    expect(cacheInRegistry({ mode: 'push', cache: true, cacheLogin: false })).toBe(false);
  });

  it('names the registry whose login the cache would use', () => {
    expect(cacheRegistryOf({ registry: 'ghcr.io', cacheRepo: '' })).toBe('ghcr.io');
    expect(cacheRegistryOf({ registry: '', cacheRepo: '' })).toBe('docker.io');
    expect(cacheRegistryOf({ registry: 'ghcr.io', cacheRepo: '127.0.0.1:5000/team/cache' })).toBe(
      '127.0.0.1:5000',
    );
    expect(cacheRegistryOf({ registry: 'ghcr.io', cacheRepo: 'alice/cache' })).toBe('docker.io');
  });
});
