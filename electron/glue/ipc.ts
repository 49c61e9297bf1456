import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { App } from '../app/create-app';
import { IPC } from '../shared/contract';

/**
 * Binds the contract to Electron IPC for one window: requests go through the same dispatcher as the
 * browser bridge; events are queued by the hub until the renderer says it is ready.
 */
export function bindIpc(
  app: Pick<App, 'dispatch' | 'hub'>,
  win: BrowserWindow,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  const subscription = app.hub.subscribe((msg) => {
    if (!win.isDestroyed()) win.webContents.send(IPC.event, msg);
  });
  const fromThisWindow = (e: { sender: Electron.WebContents; senderFrame: Electron.WebFrameMain | null }) =>
    e.sender === win.webContents && e.senderFrame !== null && isTrustedUrl(e.senderFrame.url);

  ipcMain.handle(
    IPC.invoke,
    (e: IpcMainInvokeEvent, msg: { method?: unknown; params?: unknown } | undefined) => {
      if (!fromThisWindow(e)) {
        return {
          ok: false,
          error: { code: 'BAD_REQUEST', message: 'Requests are only accepted from the app window.' },
        };
      }
      return app.dispatch(msg?.method, msg?.params, { transport: 'desktop' });
    },
  );
  const onReady = (e: Electron.IpcMainEvent) => {
    if (fromThisWindow(e)) subscription.ready();
  };
  ipcMain.on(IPC.ready, onReady);

  return () => {
    subscription.close();
    ipcMain.removeHandler(IPC.invoke);
    ipcMain.removeListener(IPC.ready, onReady);
  };
}
