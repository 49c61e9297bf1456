import { AppError } from '../../shared/errors';
import { CommandError } from '../podman-cli/command-error';

export type MachineOp = 'list' | 'inspect' | 'init' | 'start' | 'stop' | 'remove' | 'set';

export function machineExists(name: string): AppError {
  return new AppError('CONFLICT', `A machine named "${name}" already exists.`, {
    hint: 'Pick another name, or remove the existing machine first.',
    fields: { name: 'A machine with this name already exists.' },
  });
}

interface Rule {
  test: RegExp;
  diagnose: (name: string, match: RegExpMatchArray) => AppError;
}

/**
 * Known podman machine failures → messages that say what happened and what to do. Matched on the
 * command's output, because podman reports all of them with exit code 125.
 */
const RULES: Rule[] = [
  {
    test: /VM already exists/i,
    diagnose: (name) => machineExists(name),
  },
  {
    test: /already running or starting/i,
    diagnose: (name) =>
      new AppError('CONFLICT', `"${name}" is already running or starting.`, {
        hint: 'If it has been "starting" for minutes, press Stop, then Start again.',
      }),
  },
  {
    test: /only one VM can be active at a time/i,
    diagnose: () =>
      new AppError('CONFLICT', 'Another machine is already running: only one can be active at a time.', {
        hint: 'Stop the running machine first, then start this one.',
      }),
  },
  {
    test: /could not find \\?"?(gvproxy|vfkit|krunkit|win-sshproxy)/i,
    diagnose: (_name, m) =>
      new AppError(
        'UNAVAILABLE',
        `Podman's helper "${m[1]}" is not installed, so the machine cannot start.`,
        {
          hint:
            m[1] === 'gvproxy'
              ? 'Install gvproxy (package "gvproxy" or "podman-gvproxy"/"gvisor-tap-vsock"), or set helper_binaries_dir in containers.conf.'
              : 'Reinstall Podman from podman.io: its installer ships the helpers the machine needs.',
        },
      ),
  },
  {
    test: /"?(qemu-system-[\w-]+|qemu-img)"?:? executable file not found|could not find qemu|(qemu-system-[\w-]+): (not found|no such file)/i,
    diagnose: (_name, m) =>
      new AppError(
        'UNAVAILABLE',
        `QEMU (${m[1] ?? m[3] ?? 'qemu-system'}) is not installed, so Podman cannot create or run a VM.`,
        {
          hint: 'Install QEMU (e.g. "qemu-system-x86" and "qemu-utils" on Debian/Ubuntu), or use the native Podman socket on Linux.',
        },
      ),
  },
  {
    test: /(Could not access KVM kernel module|failed to initialize kvm|\/dev\/kvm)/i,
    diagnose: () =>
      new AppError('UNAVAILABLE', 'Hardware virtualization (KVM) is not available, so the VM cannot boot.', {
        hint: 'Enable virtualization in the firmware or the hypervisor settings, or use the native Podman socket on Linux.',
      }),
  },
  {
    test: /(wsl.*(not installed|not enabled)|hyper-?v.*(not installed|not enabled|not available))/i,
    diagnose: () =>
      new AppError('UNAVAILABLE', 'The virtualization provider (WSL or Hyper-V) is not ready on this PC.', {
        hint: 'Install or enable WSL 2 (wsl --install) and restart Windows, then try again.',
      }),
  },
  {
    test: /VM does not exist/i,
    diagnose: (name) =>
      new AppError('NOT_FOUND', `There is no machine named "${name}".`, {
        hint: 'Refresh the list: it may have been removed outside the app.',
      }),
  },
  {
    test: /cannot run command "podman machine[^"]*" as root/i,
    diagnose: () =>
      new AppError('UNAVAILABLE', 'Podman machines cannot be managed by the root user.', {
        hint: 'Run the app as your normal user.',
      }),
  },
  {
    test: /(image|ignition).*(checksum|corrupt|unexpected EOF|decompress)/i,
    diagnose: () =>
      new AppError('INTERNAL', 'The machine image download was incomplete or corrupt.', {
        hint: 'Remove the machine and create it again: Podman downloads the image afresh.',
      }),
  },
];

/** What `init` was given, for hints that depend on it. */
export interface InitContext {
  imagePath?: string | undefined;
  timezone?: string | undefined;
}

const NO_NETWORK =
  /(dial tcp|no such host|network is unreachable|connection refused|i\/o timeout|TLS handshake timeout|Temporary failure in name resolution|server misbehaving)/i;

/** init-only failures whose fix is a field of the create form (Advanced: disk image, time zone). */
function diagnoseInit(output: string, name: string, init: InitContext): AppError | null {
  if (!init.imagePath && NO_NETWORK.test(output)) {
    return new AppError('UNAVAILABLE', `Podman could not download the image for "${name}": no network.`, {
      hint: 'Connect to the network, or download a machine disk image elsewhere and choose it under Advanced → Disk image.',
      fields: { imagePath: 'Choose a local disk image when there is no network.' },
    });
  }
  if (!init.timezone && /exit status 1\b/i.test(output)) {
    return new AppError('INTERNAL', `podman machine init ${name} failed (exit status 1).`, {
      hint: "Podman could not read this computer's time zone: set Time zone under Advanced (e.g. UTC) and try again.",
      fields: { timezone: 'Set a time zone, e.g. UTC.' },
    });
  }
  return null;
}

/** Turns a failed podman machine command into the clearest AppError we can give. */
export function diagnoseMachineError(
  err: unknown,
  op: MachineOp,
  name: string,
  init: InitContext = {},
): AppError {
  if (!(err instanceof CommandError)) {
    return err instanceof AppError ? err : new AppError('INTERNAL', String(err), { cause: err });
  }
  if (err.code === 'CANCELLED' || err.code === 'TIMEOUT') return err;
  for (const rule of RULES) {
    const m = err.output.match(rule.test);
    if (m) return rule.diagnose(name, m);
  }
  const initFailure = op === 'init' ? diagnoseInit(err.output, name, init) : null;
  if (initFailure) return initFailure;
  if (err.code === 'UNAVAILABLE') return err; // podman itself could not be started
  return new AppError(
    'INTERNAL',
    `podman machine ${op} ${name} failed: ${err.message.replace(/^[^:]*: /, '')}`,
    {
      hint: 'The task output shows what Podman printed.',
      cause: err,
    },
  );
}
