import { describe, expect, it } from 'vitest';
import type { FileFacts } from '../../../electron/shared/contract/reproducibility';
import { attributeValue, describeDifference, shortDigest } from '../../../renderer/pages/compare/format';

const file = (patch: Partial<FileFacts> = {}): FileFacts => ({
  type: 'file',
  size: 16,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtime: 0,
  sha256: 'ab'.repeat(32),
  linkname: null,
  ...patch,
});

describe('how the comparison words a file difference', () => {
  it('shows each differing attribute as before → after, mode in octal, owner as uid:gid, mtime in UTC', () => {
    const a = file();
    const b = file({ mode: 0o4755, uid: 1000, gid: 100, mtime: 1_700_000_000, sha256: 'cd'.repeat(32) });
    expect(
      describeDifference({
        path: 'r',
        change: 'changed',
        differences: ['mode', 'owner', 'mtime', 'content'],
        a,
        b,
      }),
    ).toBe(
      'mode: 0644 → 4755; owner: 0:0 → 1000:100; mtime: 1970-01-01T00:00:00Z → 2023-11-14T22:13:20Z; ' +
        'content: sha256:abababababab → sha256:cdcdcdcdcdcd',
    );
  });

  it('says which rebuild has an added or removed file', () => {
    expect(describeDifference({ path: 'n', change: 'added', differences: [], a: null, b: file() })).toBe(
      'only in rebuild 2 (16 B, 0644)',
    );
    expect(
      describeDifference({
        path: 'd',
        change: 'removed',
        differences: [],
        a: file({ type: 'directory' }),
        b: null,
      }),
    ).toBe('only in rebuild 1 (directory)');
  });

  it('shortens digests for the layers table and leaves a missing layer as a dash', () => {
    expect(shortDigest(`sha256:${'0123456789abcdef'.repeat(4)}`)).toBe('sha256:0123456789ab');
    expect(shortDigest(null)).toBe('—');
    expect(attributeValue(file({ type: 'symlink', linkname: '/bin/busybox' }), 'link')).toBe('/bin/busybox');
    expect(attributeValue(null, 'size')).toBe('—');
  });
});
