import { describe, expect, test } from 'vitest';
import { PREVIEW_CAPABILITIES, previewCapabilities } from '../../../electron/services/preview/capabilities';

describe('previewCapabilities', () => {
  test('defaults to the reduced web-server set, without the dangerous ones', () => {
    const caps = previewCapabilities();
    expect(caps).toEqual([...PREVIEW_CAPABILITIES].sort());
    for (const risky of ['SYS_ADMIN', 'NET_RAW', 'MKNOD', 'SYS_CHROOT', 'SETFCAP'])
      expect(caps).not.toContain(risky);
  });

  test('adds extras, accepting CAP_ prefixes and lowercase, without duplicates', () => {
    expect(previewCapabilities(['cap_net_raw', 'NET_RAW', 'CHOWN'])).toEqual(
      [...PREVIEW_CAPABILITIES, 'NET_RAW'].sort(),
    );
  });

  test('refuses ALL and malformed names', () => {
    expect(() => previewCapabilities(['ALL'])).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => previewCapabilities(['NET RAW'])).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});
