import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PlatformAdapters } from '../../../electron/app/adapters';
import { createApp, type App } from '../../../electron/app/create-app';
import type {
  EventMessage,
  EventName,
  EventPayload,
  Params,
  RequestName,
} from '../../../electron/shared/contract';
import type { BuildResult } from '../../../electron/shared/contract/build';
import type { Envelope } from '../../../electron/shared/contract';
import { splitLogText } from '../../../electron/shared/contract/tasks';
import { podmanOk } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';

/**
 * The whole app (browser-mode adapters) wired to the harness's Podman, exactly as in production: the
 * executor is the default image, which the harness filled with the real Kaniko built from source.
 */
export interface BuildTestApp {
  app: App;
  dir: string;
  events: EventMessage[];
  answers: Envelope[];
  call<K extends RequestName>(method: K, params: Params<K>): Promise<Envelope>;
  ok<T = unknown>(method: RequestName, params: unknown): Promise<T>;
  finished(buildId: string, timeoutMs?: number): Promise<BuildResult>;
  close(opts?: { keepDir?: boolean }): Promise<void>;
}

export async function startBuildApp(
  dir = mkdtempSync(path.join(os.tmpdir(), 'kd-build-app-')),
  opts: { engineSocket?: string } = {},
): Promise<BuildTestApp> {
  const env = testEnv();
  const adapters: PlatformAdapters = {
    transport: 'browser',
    userDataDir: dir,
    encryptor: null,
    openExternal: async () => false,
    // A stand-in for the user at main's dialog: these tests set the stand-in executor image on purpose.
    confirm: async () => true,
  };
  const app = await createApp({
    adapters,
    version: 'test',
    engineSocket: opts.engineSocket ?? env.podmanSocket,
    env: { PATH: process.env.PATH ?? '' },
  });
  const events: EventMessage[] = [];
  const answers: Envelope[] = [];
  app.hub.subscribe((m) => events.push(m)).ready();
  const call = async (method: string, params: unknown) => {
    const r = await app.dispatch(method, params, { transport: 'browser' });
    answers.push(r);
    return r;
  };
  const ok = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await call(method, params);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.result as T;
  };
  await waitFor(() => app.hub.latest('engine.status')?.state === 'connected', 15_000, 'engine connected');
  return {
    app,
    dir,
    events,
    answers,
    call: call as BuildTestApp['call'],
    ok,
    async finished(buildId, timeoutMs = 60_000) {
      let found: BuildResult | undefined;
      await waitFor(
        () => {
          found = payloadsOf(events, 'build.finished').find((p) => p.buildId === buildId)?.result;
          return found !== undefined;
        },
        timeoutMs,
        `build ${buildId} finished`,
      );
      return found as BuildResult;
    },
    async close(opts = {}) {
      await app.dispose();
      if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Saves the harness registry's login, so builds can pull the base image from it (baseImageLogin). */
export async function saveRegistryLogin(t: BuildTestApp, secret = testEnv().registryPass): Promise<void> {
  const env = testEnv();
  await t.ok('credentials.save', { registry: env.registry, username: env.registryUser, secret });
}

/** The lines of a task's log so far (the replay buffer the renderer would read). */
export async function taskLog(t: BuildTestApp, taskId: string): Promise<string[]> {
  const r = await t.ok<{ count: number; text: string }>('tasks.log', { taskId });
  return splitLogText(r.text, r.count);
}

/** The payloads of one event name, typed. */
export function payloadsOf<K extends EventName>(events: EventMessage[], name: K): EventPayload<K>[] {
  return events.filter((e) => e.event === name).map((e) => e.payload as EventPayload<K>);
}

/** Ids of the app's build containers in the test engine (running or not). */
export async function buildContainers(): Promise<string[]> {
  const out = await podmanOk([
    'ps',
    '-a',
    '--filter',
    'label=io.kaniko-desktop.kind=build',
    '--format',
    '{{.ID}}',
  ]);
  return out.split('\n').filter(Boolean);
}
