/// <reference types="vite/client" />
import type { KeyboardEvent } from 'react';
import iconUrl from '../../assets/icon.svg';
import { pages, type PageId } from '../pages';
import { pageHref } from './navigation';
import type { ThemeChoice } from './theme';

interface Props {
  current: PageId;
  onNavigate(page: PageId): void;
  runningByPage: Partial<Record<PageId, number>>;
  theme: ThemeChoice;
  onTheme(theme: ThemeChoice): void;
}

const ICONS: Record<PageId, string> = {
  build: '⚒',
  machine: '▣',
  registries: '⇪',
  previews: '▶',
  history: '↺',
  kubernetes: '☸',
  settings: '⚙',
};

/** Arrow keys move between pages in the list, as in a native sidebar. */
function onListKey(e: KeyboardEvent<HTMLElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>('a.nav-link')];
  const i = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = links[(i + (e.key === 'ArrowDown' ? 1 : -1) + links.length) % links.length];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

export function Sidebar({ current, onNavigate, runningByPage, theme, onTheme }: Props) {
  return (
    <nav className="sidebar" aria-label="Pages">
      <div className="brand">
        <img src={iconUrl} alt="" width={22} height={22} />
        <span>Kaniko Desktop</span>
      </div>
      <ul className="nav-list" onKeyDown={onListKey}>
        {pages.map((p) => (
          <li key={p.id}>
            <a
              className="nav-link"
              href={pageHref(p.id)}
              aria-current={p.id === current ? 'page' : undefined}
              title={`${p.label} (${p.shortcut})`}
              onClick={(e) => {
                e.preventDefault();
                onNavigate(p.id);
              }}
            >
              <span className="nav-icon" aria-hidden="true">
                {ICONS[p.id]}
              </span>
              <span className="nav-label">{p.label}</span>
              {runningByPage[p.id] ? (
                <span className="nav-badge" aria-label={`${runningByPage[p.id]} running`}>
                  {runningByPage[p.id]}
                </span>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">
        <label className="theme-select">
          <span>Theme</span>
          <select value={theme} onChange={(e) => onTheme(e.target.value as ThemeChoice)}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </div>
    </nav>
  );
}
