/** Electron entry point: the thin glue around the same app the browser mode serves. */
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from './app/create-app';
import { electronAdapters } from './glue/adapters';
import { bindIpc } from './glue/ipc';
import { installMenu } from './glue/menu';
import { createElectronSettingsStore } from './glue/settings-store';
import { notifyTaskEnds } from './glue/task-notifications';
import { createMainWindow } from './glue/window';
import { rememberBounds, restoredBounds } from './glue/window-state';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (!app.requestSingleInstanceLock()) app.quit();

let services: App | null = null;
let quitting = false;

async function start(): Promise<void> {
  await app.whenReady();
  installMenu();
  const adapters = electronAdapters();
  services = await createApp({
    adapters,
    version: app.getVersion(),
    settingsStore: createElectronSettingsStore(),
  });
  const { win, isTrustedUrl } = createMainWindow(distDir, restoredBounds(services));
  rememberBounds(services, win);
  const unbind = bindIpc(services, win, isTrustedUrl);
  const unnotify = notifyTaskEnds(services, win, adapters.notify);
  win.on('closed', () => {
    unbind();
    unnotify();
  });
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
}

// Quitting during a build cancels it first, so its container is removed and nothing is left behind.
app.on('before-quit', (e) => {
  if (quitting || !services) return;
  e.preventDefault();
  quitting = true;
  void services.dispose().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());
app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

start().catch((err: unknown) => {
  console.error('Kaniko Desktop failed to start:', err);
  BrowserWindow.getAllWindows().forEach((w) => w.destroy());
  app.exit(1);
});
