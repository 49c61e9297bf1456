/// <reference types="vite/client" />
import { createElement, lazy, type ComponentType, type LazyExoticComponent } from 'react';

export type PageId = 'build' | 'machine' | 'registries' | 'previews' | 'history' | 'kubernetes' | 'settings';

export interface PageEntry {
  id: PageId;
  label: string;
  /** One line under the title. */
  description: string;
  /** File under renderer/pages/ with a default-exported component. */
  file: string;
  /** Shown in the sidebar tooltip: Ctrl+<n> opens the page. */
  shortcut: string;
  component: LazyExoticComponent<ComponentType>;
}

// Each page is loaded on first visit; a page whose file does not exist yet shows a placeholder instead of
// breaking the build (import.meta.glob lists only files that exist).
const modules = import.meta.glob<{ default: ComponentType }>('./*Page.tsx');

function load(id: PageId, label: string, file: string): LazyExoticComponent<ComponentType> {
  const loader = modules[`./${file}`];
  if (loader) return lazy(loader);
  return lazy(async () => ({
    default: () =>
      createElement(
        'div',
        { className: 'empty-state' },
        createElement('h2', null, `${label} is on its way`),
        createElement('p', null, `This build of Kaniko Desktop does not include the ${id} page yet.`),
      ),
  }));
}

const defs: Omit<PageEntry, 'component' | 'shortcut'>[] = [
  {
    id: 'build',
    label: 'Build',
    description: 'Build a Dockerfile with Kaniko, locked down and rootless.',
    file: 'BuildPage.tsx',
  },
  {
    id: 'machine',
    label: 'Machine',
    description: 'The Podman machine or service builds run on.',
    file: 'MachinePage.tsx',
  },
  {
    id: 'registries',
    label: 'Registries',
    description: 'Where images are pushed, and the credentials for it.',
    file: 'RegistriesPage.tsx',
  },
  {
    id: 'previews',
    label: 'Previews',
    description: 'Built images running on localhost.',
    file: 'PreviewsPage.tsx',
  },
  {
    id: 'history',
    label: 'History',
    description: 'Past builds, their logs and results.',
    file: 'HistoryPage.tsx',
  },
  {
    id: 'kubernetes',
    label: 'Kubernetes',
    description: 'Manifests to deploy a built image.',
    file: 'KubernetesPage.tsx',
  },
  {
    id: 'settings',
    label: 'Settings',
    description: 'Engine, defaults, appearance and logs.',
    file: 'SettingsPage.tsx',
  },
];

/** The pages in sidebar order; Ctrl+1..7 follow the same order. */
export const pages: readonly PageEntry[] = defs.map((d, i) => ({
  ...d,
  shortcut: `Ctrl+${i + 1}`,
  component: load(d.id, d.label, d.file),
}));

export function isPageId(value: unknown): value is PageId {
  return pages.some((p) => p.id === value);
}
