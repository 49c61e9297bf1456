import { describe, expect, it } from 'vitest';
import { Approvals, type ConfirmRequest } from '../../../electron/app/confirm';
import {
  approveEngineAddress,
  approveExecutorImage,
  checkEngineAddress,
} from '../../../electron/app/credential-targets';
import { settingsHandlers } from '../../../electron/app/handlers/settings';
import { DEFAULT_EXECUTOR_IMAGE } from '../../../electron/services/settings/defaults';
import { SettingsService } from '../../../electron/services/settings/settings-service';
import type { SettingsStore } from '../../../electron/services/settings/settings-store';

/** A stand-in for the user at main's dialog: records each question and answers as told. */
function user(answer: boolean) {
  const asked: ConfirmRequest[] = [];
  return { asked, approvals: new Approvals(async (q) => (asked.push(q), answer)) };
}

function memoryStore(): SettingsStore & { writes: number } {
  let doc: unknown = {};
  const s = {
    writes: 0,
    path: '(memory)',
    read: () => doc,
    write: (d: Record<string, unknown>) => {
      doc = structuredClone(d);
      s.writes += 1;
    },
  };
  return s;
}

describe('engine addresses', () => {
  it.each(['/run/user/1000/podman/podman.sock', 'unix:///run/podman/podman.sock', '//./pipe/podman'])(
    '%s is local: no question',
    (a) => expect(checkEngineAddress(a).kind).toBe('local'),
  );
  it.each(['tcp://127.0.0.1:2375', 'tcp://localhost:8888', 'tcp://[::1]:2375'])(
    '%s needs a confirmation',
    (a) => expect(checkEngineAddress(a).kind).toBe('confirm'),
  );
  it.each(['tcp://10.0.0.5:2375', 'tcp://evil.example:2375', 'tcp://127.0.0.1.evil.example:1', 'ssh://host'])(
    '%s is refused',
    (a) => expect(checkEngineAddress(a).kind).toBe('refused'),
  );
});

describe('settings.update: the page cannot redirect credentials on its own', () => {
  it('a tcp:// engine is applied only after the user confirms it, showing the address', async () => {
    const no = user(false);
    const settings = new SettingsService(memoryStore());
    const h = settingsHandlers(settings, no.approvals);
    await expect(
      h['settings.update']({ engineSocket: 'tcp://127.0.0.1:2375' }, { transport: 'browser' }),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(no.asked[0]?.detail).toBe('tcp://127.0.0.1:2375');
    expect(settings.get().engineSocket).toBeNull();

    const yes = user(true);
    const h2 = settingsHandlers(settings, yes.approvals);
    const s = await h2['settings.update']({ engineSocket: 'tcp://127.0.0.1:2375' }, { transport: 'browser' });
    expect(s.engineSocket).toBe('tcp://127.0.0.1:2375');
  });

  it('a remote plain tcp:// engine is refused without asking', async () => {
    const yes = user(true);
    const settings = new SettingsService(memoryStore());
    await expect(
      settingsHandlers(settings, yes.approvals)['settings.update'](
        { engineSocket: 'tcp://203.0.113.9:2375' },
        { transport: 'browser' },
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION', fields: { engineSocket: expect.stringContaining('TLS') } });
    expect(yes.asked).toEqual([]);
    expect(settings.get().engineSocket).toBeNull();
  });

  it('a non-default executor image shows a warning and needs the same confirmation', async () => {
    const no = user(false);
    const settings = new SettingsService(memoryStore());
    await expect(
      settingsHandlers(settings, no.approvals)['settings.update'](
        { executorImage: 'docker.io/evil/kaniko:latest' },
        { transport: 'browser' },
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(no.asked[0]?.message).toMatch(/receives your registry credentials/);
    expect(settings.get().executorImage).toBe(DEFAULT_EXECUTOR_IMAGE);
    // Unix sockets and the default image: no question at all.
    const s = await settingsHandlers(settings, no.approvals)['settings.update'](
      { engineSocket: '/run/podman/podman.sock', executorImage: DEFAULT_EXECUTOR_IMAGE },
      { transport: 'browser' },
    );
    expect(s.engineSocket).toBe('/run/podman/podman.sock');
    expect(no.asked).toHaveLength(1);
  });

  it('the helpers ask nothing for the defaults', async () => {
    const yes = user(true);
    await approveEngineAddress('/tmp/x.sock', yes.approvals);
    await approveExecutorImage(DEFAULT_EXECUTOR_IMAGE, DEFAULT_EXECUTOR_IMAGE, yes.approvals);
    expect(yes.asked).toEqual([]);
  });
});
