import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../electron/app/create-app';
import { browserAdapters } from '../../electron/server/browser-adapters';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server';

export interface InProcessBrowserMode {
  app: App;
  server: BrowserServer;
  /** Config folder (and static folder with a stub index.html). */
  dir: string;
  close(): Promise<void>;
}

/** The real app and browser-mode server in this process, on the test engine, in a throwaway config folder. */
export async function startInProcessBrowserMode(
  opts: { announce?: (line: string) => void } = {},
): Promise<InProcessBrowserMode> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kd-browser-'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const app = await createApp({
    adapters: browserAdapters({ KANIKO_DESKTOP_CONFIG_DIR: dir }),
    version: '0.0.0-test',
    engineSocket: process.env.KANIKO_TEST_PODMAN_SOCKET ?? null,
    ...(opts.announce ? { announce: opts.announce } : {}),
  });
  const server = await startBrowserServer({ app, staticDir: dir });
  return {
    app,
    server,
    dir,
    close: async () => {
      await server.close();
      await app.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
