import Docker from 'dockerode';
import type { Browser } from 'playwright-core';
import { buildStandInExecutor } from '../fixtures/stand-in-executor';
import { launchChromium, startBrowserMode, type RunningApp } from './e2e-app';

export interface StandInSession {
  app: RunningApp;
  browser: Browser;
  docker: Docker;
  /** Closes the browser and the app, and removes the images the tests built. */
  close(images: string[]): Promise<void>;
}

/**
 * The built browser-mode app on the test Podman with the STAND-IN executor image built (Kaniko cannot be
 * pulled here), plus Chromium: what the Build, History and Previews e2e files start from.
 */
export async function startStandInSession(): Promise<StandInSession> {
  const socket = process.env.KANIKO_TEST_PODMAN_SOCKET!;
  const docker = new Docker({ socketPath: socket });
  await buildStandInExecutor(socket);
  const app = await startBrowserMode();
  const browser = await launchChromium();
  return {
    app,
    browser,
    docker,
    close: async (images) => {
      await browser.close();
      await app.stop();
      for (const image of images)
        await docker
          .getImage(image)
          .remove({ force: true })
          .catch(() => undefined);
    },
  };
}
