import { describe, expect, test } from 'vitest';
import {
  PREVIEW_CAPABILITIES,
  PREVIEW_EXTRA_ALLOWED,
  previewCapabilities,
} from '../../../electron/services/preview/capabilities';

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

  test.each(['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'cap_sys_module', 'DAC_READ_SEARCH', 'BPF'])(
    'refuses %s: only capabilities of the engine default set can be added',
    (cap) => {
      expect(() => previewCapabilities([cap])).toThrow(
        expect.objectContaining({
          code: 'VALIDATION',
          fields: { extraCapabilities: expect.stringContaining('NET_RAW') },
        }),
      );
    },
  );

  test('allows the rest of the engine default set', () => {
    for (const cap of PREVIEW_EXTRA_ALLOWED) expect(previewCapabilities([cap])).toContain(cap);
  });
});
