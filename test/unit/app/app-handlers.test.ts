import { expect, test, vi } from 'vitest';
import type { PlatformAdapters } from '../../../electron/app/adapters';
import { appHandlers } from '../../../electron/app/handlers/app';

const ctx = { transport: 'desktop' as const };

function adapters(extra: Partial<PlatformAdapters> = {}): PlatformAdapters {
  return {
    transport: 'browser',
    userDataDir: '/tmp/x',
    encryptor: null,
    openExternal: async () => true,
    ...extra,
  };
}

test('browser mode has no folder chooser: info says so and the request explains what to do', async () => {
  const h = appHandlers(adapters(), '1.0.0');
  expect((await h['app.info']({}, ctx)).canPickFolder).toBe(false);
  await expect(h['app.pickFolder']({ title: 'Choose' }, ctx)).rejects.toMatchObject({
    code: 'UNAVAILABLE',
    hint: expect.stringContaining('Type the full path'),
  });
});

test('the desktop folder chooser returns the chosen folder, or null when cancelled', async () => {
  const pickFolder = vi.fn().mockResolvedValueOnce('/home/me/app').mockResolvedValueOnce(null);
  const h = appHandlers(adapters({ transport: 'desktop', pickFolder }), '1.0.0');
  expect((await h['app.info']({}, ctx)).canPickFolder).toBe(true);
  expect(await h['app.pickFolder']({ title: 'Choose', defaultPath: '/home/me' }, ctx)).toEqual({
    path: '/home/me/app',
  });
  expect(pickFolder).toHaveBeenCalledWith({ title: 'Choose', defaultPath: '/home/me' });
  expect(await h['app.pickFolder']({ title: 'Choose' }, ctx)).toEqual({ path: null });
});

test('openExternal refuses anything but localhost pages before the adapter sees it', async () => {
  const openExternal = vi.fn(async () => true);
  const h = appHandlers(adapters({ openExternal }), '1.0.0');
  await expect(h['app.openExternal']({ url: 'https://example.com/' }, ctx)).rejects.toMatchObject({
    code: 'VALIDATION',
  });
  expect(openExternal).not.toHaveBeenCalled();
  expect(await h['app.openExternal']({ url: 'http://localhost:8080/' }, ctx)).toEqual({ opened: true });
});
