/**
 * Browser mode entry point: `npm run serve` (or `node dist/electron/serve.js`).
 * Options: --port N (default: a free port), --socket PATH (Podman API socket), --open (open the default browser).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../app/create-app';
import { browserAdapters } from './browser-adapters';
import { openWithoutTokenOnCommandLine } from './open-browser';
import { startBrowserServer } from './browser-server';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.KANIKO_DESKTOP_PORT ?? '0' },
      socket: { type: 'string' },
      open: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, not ${values.port}`);

  const version = (
    JSON.parse(readFileSync(path.join(here, '../../package.json'), 'utf8')) as { version: string }
  ).version;
  const adapters = browserAdapters();
  const app = await createApp({ adapters, version, engineSocket: values.socket ?? null });
  const server = await startBrowserServer({ app, staticDir: path.join(here, '../renderer'), port });

  console.log(`Kaniko Desktop browser mode: ${server.openUrl}`);
  console.log('Open that address in a browser on this machine (it carries the access token). Ctrl+C stops.');
  if (values.open) {
    openWithoutTokenOnCommandLine(server.openUrl, {
      dir: path.join(adapters.userDataDir, 'launch'),
      onError: () => console.log('Could not open a browser here; open the address above yourself.'),
    });
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await app.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(
    `Kaniko Desktop could not start browser mode: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
