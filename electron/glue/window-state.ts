import { screen, type BrowserWindow } from 'electron';
import type { App } from '../app/create-app';
import type { WindowBounds } from './window';

const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820 };

/** The remembered bounds, if they still fit on a connected display (monitors come and go). */
export function restoredBounds(app: Pick<App, 'windowBounds'>): WindowBounds {
  const saved = app.windowBounds.get();
  if (!saved || saved.x === undefined || saved.y === undefined) return saved ?? DEFAULT_BOUNDS;
  const visible = screen.getAllDisplays().some(({ workArea: a }) => {
    const x = saved.x ?? 0;
    const y = saved.y ?? 0;
    return x < a.x + a.width && x + saved.width > a.x && y < a.y + a.height && y + saved.height > a.y;
  });
  return visible ? saved : { width: saved.width, height: saved.height };
}

/** Saves the window's bounds when it is moved or resized (debounced) and when it closes. */
export function rememberBounds(app: Pick<App, 'windowBounds'>, win: BrowserWindow): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (!win.isDestroyed() && !win.isMinimized() && !win.isFullScreen())
      app.windowBounds.save(win.getNormalBounds());
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', save);
}
