import { expect, test } from 'vitest';
import { createDispatcher, type Handlers } from '../../../electron/core/dispatcher';
import { Redactor } from '../../../electron/core/redactor';
import { AppError } from '../../../electron/shared/errors';

function dispatcherWith(
  overrides: Partial<Record<string, (p: unknown) => Promise<unknown>>>,
  redactor = new Redactor(),
) {
  const handlers = new Proxy({} as Handlers, {
    get: (_t, name: string) => overrides[name] ?? (async () => ({})),
  });
  return createDispatcher(handlers, redactor);
}

const ctx = { transport: 'browser' as const };

test('unknown methods and malformed params are BAD_REQUEST, with field messages', async () => {
  const d = dispatcherWith({});
  expect(await d('nope', {}, ctx)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(await d(42, {}, ctx)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  const bad = await d('app.openExternal', { url: 'not a url' }, ctx);
  expect(bad).toMatchObject({
    ok: false,
    error: { code: 'BAD_REQUEST', fields: { url: expect.any(String) } },
  });
});

test('handler AppErrors keep their code and hint; other errors become INTERNAL', async () => {
  const d = dispatcherWith({
    'engine.status': async () => {
      throw new AppError('ENGINE_UNAVAILABLE', 'Podman is down.', { hint: 'Start it.' });
    },
    'engine.reconnect': async () => {
      throw new Error('boom');
    },
  });
  expect(await d('engine.status', {}, ctx)).toEqual({
    ok: false,
    error: { code: 'ENGINE_UNAVAILABLE', message: 'Podman is down.', hint: 'Start it.' },
  });
  expect(await d('engine.reconnect', {}, ctx)).toMatchObject({
    ok: false,
    error: { code: 'INTERNAL', message: 'boom' },
  });
});

test('a result that breaks the contract is refused rather than passed on', async () => {
  const d = dispatcherWith({ 'app.openExternal': async () => ({ opened: 'yes' }) });
  expect(await d('app.openExternal', { url: 'http://localhost:8080/' }, ctx)).toMatchObject({
    ok: false,
    error: { code: 'INTERNAL' },
  });
});

test('secrets are redacted from errors', async () => {
  const redactor = new Redactor();
  redactor.add('s3cr3t-token', { username: 'alice' });
  const d = dispatcherWith(
    {
      'engine.status': async () => {
        throw new Error('login failed for alice:s3cr3t-token');
      },
    },
    redactor,
  );
  const env = await d('engine.status', {}, ctx);
  expect(JSON.stringify(env)).not.toContain('s3cr3t-token');
});

test('a method that cannot even be turned into a string is still a BAD_REQUEST', async () => {
  const dispatch = createDispatcher({} as never, new Redactor());
  const r = await dispatch({ toString: 1 }, {}, { transport: 'browser' });
  expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
});
