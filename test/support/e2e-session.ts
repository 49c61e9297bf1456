import Docker from 'dockerode';
import type { Browser } from 'playwright-core';
import { launchChromium, startBrowserMode, type RunningApp } from './e2e-app';
import { testEnv } from './test-env';

export interface E2eSession {
  app: RunningApp;
  browser: Browser;
  docker: Docker;
  /** Closes the browser and the app, and removes the images the tests built. */
  close(images: string[]): Promise<void>;
}

/**
 * The built browser-mode app on the test Podman (whose default executor image is the real Kaniko the
 * harness built), with the harness registry's login saved so builds can pull their base image from it,
 * plus Chromium: what the Build and History e2e files start from.
 */
export async function startE2eSession(opts: { saveRegistryLogin?: boolean } = {}): Promise<E2eSession> {
  const env = testEnv();
  const docker = new Docker({ socketPath: env.podmanSocket });
  const app = await startBrowserMode();
  if (opts.saveRegistryLogin !== false)
    await app.call('credentials.save', {
      registry: env.registry,
      username: env.registryUser,
      secret: env.registryPass,
    });
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
