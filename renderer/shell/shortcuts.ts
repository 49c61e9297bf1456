import { useEffect, useRef } from 'react';
import { pages, type PageId } from '../pages';
import { requestShortcutAction } from './shortcut-actions';

interface Handlers {
  navigate(page: PageId): void;
  /** Ask to cancel the task the user is most likely looking at. */
  cancelCurrentTask(): void;
}

const isEditable = (el: Element | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** The first log search box that is actually on screen (the current page's log, else the task centre's). */
function visibleLogSearch(): HTMLInputElement | null {
  const boxes = document.querySelectorAll<HTMLInputElement>('input[data-log-search]');
  for (const box of boxes) if (box.offsetParent !== null) return box;
  return null;
}

/**
 * Desktop shortcuts: Ctrl/Cmd+B build, Escape or Ctrl+. cancel the current task, Ctrl/Cmd+F log search,
 * Ctrl+1..7 pages. Escape is ignored while typing or inside a dialog, so it keeps its usual meaning there.
 */
export function useGlobalShortcuts(handlers: Handlers): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const h = ref.current;
      if (mod && !e.altKey && !e.shiftKey && /^[1-7]$/.test(e.key)) {
        const page = pages[Number(e.key) - 1];
        if (page) {
          e.preventDefault();
          h.navigate(page.id);
        }
      } else if (mod && !e.altKey && e.key.toLowerCase() === 'b') {
        e.preventDefault();
        h.navigate('build');
        // Let the Build page mount before it hears the request.
        setTimeout(() => requestShortcutAction('build'), 0);
      } else if (mod && !e.altKey && e.key.toLowerCase() === 'f') {
        const box = visibleLogSearch();
        if (box) {
          e.preventDefault();
          box.focus();
          box.select();
        }
      } else if ((e.ctrlKey && e.key === '.') || (e.key === 'Escape' && !mod)) {
        if (
          e.key === 'Escape' &&
          (isEditable(document.activeElement) || document.querySelector('dialog[open]'))
        )
          return;
        e.preventDefault();
        h.cancelCurrentTask();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
