import { useCallback, useEffect, useState } from 'react';
import { useApi, useSticky } from '../api/hooks';

export type ThemeChoice = 'system' | 'light' | 'dark';

const CACHE_KEY = 'kaniko-desktop-theme';

const isTheme = (v: unknown): v is ThemeChoice => v === 'system' || v === 'light' || v === 'dark';

function cached(): ThemeChoice {
  const v = localStorage.getItem(CACHE_KEY);
  return isTheme(v) ? v : 'system';
}

/** Sets data-theme on <html>; "system" lets the CSS color-scheme follow the OS. */
export function applyTheme(theme: ThemeChoice): void {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem(CACHE_KEY, theme);
}

/**
 * The theme follows the OS unless overridden. The choice is stored in the app settings (so the desktop
 * window can use it before the renderer loads) and cached locally so the first paint is already right.
 */
export function useTheme(): [ThemeChoice, (theme: ThemeChoice) => void] {
  const api = useApi();
  const settings = useSticky('settings.changed');
  const [initial] = useState<ThemeChoice>(cached);
  const [stored, setStored] = useState<ThemeChoice | null>(null);
  const [choice, setChoice] = useState<ThemeChoice | null>(null);

  useEffect(() => {
    api.call('settings.get', {}).then(
      (s) => setStored(s.theme),
      () => undefined, // settings unavailable: keep the cached choice
    );
  }, [api]);

  // The user's pick in this window wins until the settings echo it; then the settings are the truth.
  const fromEvent = settings?.theme;
  const theme = choice ?? fromEvent ?? stored ?? initial;

  useEffect(() => applyTheme(theme), [theme]);

  const choose = useCallback(
    (next: ThemeChoice) => {
      setChoice(next);
      api.call('settings.update', { theme: next }).then(
        () => setChoice(null),
        () => undefined, // not stored (settings unavailable): keep it for this session
      );
    },
    [api],
  );
  return [theme, choose];
}
