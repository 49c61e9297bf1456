import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../electron/shared/errors';
import { CommandError } from '../../../electron/services/podman-cli/command-error';
import { diagnoseMachineError } from '../../../electron/services/machine/machine-diagnosis';

const failed = (stderr: string, code: CommandError['code'] = 'INTERNAL') =>
  new CommandError(code, 'podman machine x failed (exit code 125)', {
    argv: ['podman'],
    stdout: '',
    stderr,
    exitCode: 125,
    signal: null,
  });

// Texts as podman 4.3 prints them (recorded on Debian) or as documented for other providers.
const cases: Array<[string, string, AppError['code'], RegExp]> = [
  ['Error: m1: VM already exists', 'init', 'CONFLICT', /already exists/],
  [
    'Error: cannot start VM m1. VM already running or starting',
    'start',
    'CONFLICT',
    /already running or starting/,
  ],
  [
    'Error: cannot start VM m1. only one VM can be active at a time',
    'start',
    'CONFLICT',
    /only one can be active/,
  ],
  [
    'Error: unable to start host networking: "could not find \\"gvproxy\\" in one of [/usr/local/libexec/podman /usr/libexec/podman].  To resolve this error, set the helper_binaries_dir key',
    'start',
    'UNAVAILABLE',
    /gvproxy/,
  ],
  [
    'Error: exec: "qemu-system-x86_64": executable file not found in $PATH',
    'init',
    'UNAVAILABLE',
    /QEMU \(qemu-system-x86_64\)/,
  ],
  [
    'qemu-system-x86_64: Could not access KVM kernel module: No such file or directory',
    'start',
    'UNAVAILABLE',
    /KVM/,
  ],
  ['Error: nosuch: VM does not exist', 'stop', 'NOT_FOUND', /no machine named "m1"/],
  ['Error: cannot run command "podman machine list" as root', 'list', 'UNAVAILABLE', /root/],
];

describe('machine failure diagnosis', () => {
  it.each(cases)('%s → %s diagnosis', (stderr, op, code, message) => {
    const d = diagnoseMachineError(failed(stderr), op as 'init', 'm1');
    expect(d.code).toBe(code);
    expect(d.message).toMatch(message);
    expect(d.hint).toBeTruthy();
  });

  it('the gvproxy hint says how to install it', () => {
    const d = diagnoseMachineError(failed('could not find "gvproxy" in one of [...]'), 'start', 'm1');
    expect(d.hint).toMatch(/Install gvproxy/);
  });

  it('init without network points to a local disk image (Advanced); with one, the rule stays quiet', () => {
    const out =
      'Error: Get "https://builds.coreos.fedoraproject.org/streams/next.json": dial tcp: lookup builds.coreos.fedoraproject.org: no such host';
    const d = diagnoseMachineError(failed(out), 'init', 'm1');
    expect(d.code).toBe('UNAVAILABLE');
    expect(d.message).toBe('Podman could not download the image for "m1": no network.');
    expect(d.hint).toContain('Advanced → Disk image');
    expect(d.fields?.imagePath).toBeTruthy();
    expect(
      diagnoseMachineError(failed(out), 'init', 'm1', { imagePath: '/img.qcow2' }).message,
    ).not.toContain('no network');
  });

  it('init "exit status 1" without a time zone asks for one; with a time zone it is not blamed', () => {
    const out = 'Error: exit status 1';
    const d = diagnoseMachineError(failed(out), 'init', 'm1');
    expect(d.hint).toMatch(/set Time zone under Advanced/);
    expect(d.fields).toEqual({ timezone: 'Set a time zone, e.g. UTC.' });
    expect(diagnoseMachineError(failed(out), 'init', 'm1', { timezone: 'UTC' }).hint).not.toMatch(
      /Time zone/,
    );
    expect(diagnoseMachineError(failed(out), 'start', 'm1').hint).not.toMatch(/Time zone/);
  });

  it('keeps cancel and timeout as they are', () => {
    expect(diagnoseMachineError(failed('', 'CANCELLED'), 'init', 'm1').code).toBe('CANCELLED');
    expect(diagnoseMachineError(failed('', 'TIMEOUT'), 'start', 'm1').code).toBe('TIMEOUT');
  });

  it("an unknown failure keeps podman's last error line", () => {
    const err = new CommandError('INTERNAL', 'podman machine set failed (exit code 125): Error: weird', {
      argv: [],
      stdout: '',
      stderr: 'Error: weird',
      exitCode: 125,
      signal: null,
    });
    const d = diagnoseMachineError(err, 'set', 'm1');
    expect(d.code).toBe('INTERNAL');
    expect(d.message).toBe('podman machine set m1 failed: Error: weird');
  });
});
