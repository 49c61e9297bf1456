import { BrowserWindow, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isLocalWebUrl } from '../shared/local-url';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** The app window with the security baseline: isolated, sandboxed, no Node, no navigation, no permissions. */
export function createMainWindow(
  distDir: string,
  bounds: WindowBounds,
): { win: BrowserWindow; isTrustedUrl: (u: string) => boolean } {
  const indexFile = path.join(distDir, 'renderer', 'index.html');
  const indexUrl = pathToFileURL(indexFile).href;
  const isTrustedUrl = (u: string) =>
    u === indexUrl || u.startsWith(`${indexUrl}#`) || u.startsWith(`${indexUrl}?`);

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    // The preview pane shows the user's own localhost page: give it its own headers untouched.
    if (details.url.startsWith('file:')) {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src http://localhost:* http://127.0.0.1:*; object-src 'none'; base-uri 'none'; form-action 'none'",
          ],
        },
      });
    } else callback({});
  });

  const win = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'Kaniko Desktop',
    icon: path.join(distDir, '..', 'assets', 'icon.png'),
    show: false,
    webPreferences: {
      preload: path.join(distDir, 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e, url) => {
    if (!isTrustedUrl(url)) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  // Subframes (the preview pane) may only ever show localhost pages.
  win.webContents.on('will-frame-navigate', (e) => {
    if (!e.isMainFrame && !isLocalWebUrl(e.url)) e.preventDefault();
  });
  void win.loadFile(indexFile);
  return { win, isTrustedUrl };
}
