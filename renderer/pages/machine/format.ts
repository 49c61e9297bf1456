import type { Machine } from '../../../electron/shared/contract/machine';

export function formatMemory(mib: number | null): string {
  if (mib === null) return '—';
  return mib >= 1024 ? `${(mib / 1024).toFixed(mib % 1024 === 0 ? 0 : 1)} GiB` : `${mib} MiB`;
}

export function formatDisk(gib: number | null): string {
  return gib === null ? '—' : `${gib} GiB`;
}

export function stateLabel(m: Machine): string {
  if (m.incomplete) return 'Incomplete';
  return { running: 'Running', starting: 'Starting…', stopped: 'Stopped', unknown: 'Unknown' }[m.state];
}

export function modeLabel(rootful: boolean | null): string {
  if (rootful === null) return 'Unknown';
  return rootful ? 'Rootful' : 'Rootless';
}
