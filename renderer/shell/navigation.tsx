import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { isPageId, type PageId } from '../pages';

interface Navigation {
  page: PageId;
  navigate(page: PageId): void;
}

const NavigationContext = createContext<Navigation | null>(null);

/** Reads "#/machine" style hashes (the token hash "#token=…" is consumed before this runs). */
function pageFromHash(): PageId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return isPageId(id) ? id : 'build';
}

/** Hash routing: back/forward work, links are real links, and it works from file:// in Electron too. */
export function NavigationProvider({ children }: { children: ReactNode }) {
  const [page, setPage] = useState<PageId>(pageFromHash);
  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((next: PageId) => {
    if (window.location.hash !== `#/${next}`) window.location.hash = `/${next}`;
    setPage(next);
  }, []);
  return <NavigationContext.Provider value={{ page, navigate }}>{children}</NavigationContext.Provider>;
}

export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation must be used inside <NavigationProvider>');
  return nav;
}

export const pageHref = (id: PageId) => `#/${id}`;
