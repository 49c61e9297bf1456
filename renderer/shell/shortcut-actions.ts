import { useEffect, useRef } from 'react';

/** Actions a global shortcut asks the current page to perform (the page decides what they mean). */
export type ShortcutAction = 'build';

const EVENT = 'kaniko-desktop:shortcut';

export function requestShortcutAction(action: ShortcutAction): void {
  window.dispatchEvent(new CustomEvent<ShortcutAction>(EVENT, { detail: action }));
}

/**
 * Lets a page react to a global shortcut, e.g. the Build page starts a build on Ctrl/Cmd+B:
 * `useShortcutAction('build', () => submit())`.
 */
export function useShortcutAction(action: ShortcutAction, handler: () => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const listener = (e: Event) => {
      if ((e as CustomEvent<ShortcutAction>).detail === action) ref.current();
    };
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, [action]);
}
