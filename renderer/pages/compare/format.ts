import type {
  FileAttribute,
  FileDifference,
  FileFacts,
} from '../../../electron/shared/contract/reproducibility';

/** A digest short enough for a table cell: `sha256:` and the first 12 hex digits. */
export function shortDigest(digest: string | null): string {
  if (!digest) return '—';
  const m = /^(sha256:)?([a-f0-9]+)$/.exec(digest);
  return m ? `${m[1] ?? ''}${(m[2] ?? '').slice(0, 12)}` : digest;
}

/** One attribute of a file as a reader knows it: mode in octal, owner uid:gid, mtime in UTC. */
export function attributeValue(f: FileFacts | null, attribute: FileAttribute): string {
  if (!f) return '—';
  switch (attribute) {
    case 'type':
      return f.type;
    case 'size':
      return `${f.size} B`;
    case 'mode':
      return f.mode.toString(8).padStart(4, '0');
    case 'owner':
      return `${f.uid}:${f.gid}`;
    case 'mtime':
      return new Date(f.mtime * 1000).toISOString().replace('.000Z', 'Z');
    case 'content':
      return f.sha256 ? `sha256:${f.sha256.slice(0, 12)}` : '—';
    case 'link':
      return f.linkname ?? '—';
  }
}

/** "content: sha256:1a2b… → sha256:3c4d…; mode: 0644 → 0600", or what an added/removed file is. */
export function describeDifference(d: FileDifference): string {
  if (d.change === 'added') return `only in rebuild 2 (${describeFile(d.b)})`;
  if (d.change === 'removed') return `only in rebuild 1 (${describeFile(d.a)})`;
  return d.differences
    .map((attr) => `${attr}: ${attributeValue(d.a, attr)} → ${attributeValue(d.b, attr)}`)
    .join('; ');
}

function describeFile(f: FileFacts | null): string {
  if (!f) return '—';
  return f.type === 'file' ? `${f.size} B, ${attributeValue(f, 'mode')}` : f.type;
}
