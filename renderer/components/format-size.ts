/** A size in bytes for people: 1.2 GB, 34.5 MB, 12 kB (0 stays "0 bytes"). */
export function formatSize(bytes: number): string {
  if (bytes === 0) return '0 bytes';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}
