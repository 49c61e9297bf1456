import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeDockerfile,
  requiredCapabilities,
} from '../../../electron/services/build/logic/dockerfile-analysis';
import { pushDerivedBase, runExecutorWith } from '../../support/executor-run';
import { testEnv } from '../../support/test-env';

// Which capabilities the REAL Kaniko executor needs under rootless Podman with no-new-privileges, per
// Dockerfile class the app distinguishes: the set the app derives must build, and every member the
// measurements showed to be needed must fail the build when it alone is removed (with the error Kaniko
// gives). The README's capability table records the same measurements.

const env = testEnv();
let owners = '';
let fileCaps = '';

// vfs_cap_data revision 2: cap_net_raw permitted + effective (what iputils' ping carries).
const NET_RAW_CAPABILITY = Buffer.from([1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

beforeAll(async () => {
  owners = await pushDerivedBase('kd-owners', [
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n' },
    { name: 'etc/group', content: 'root:x:0:\napp:x:1000:\n' },
    { name: 'home/app/', type: 'directory', uid: 1000, gid: 1000 },
    { name: 'home/app/a', content: 'a\n', uid: 1000, gid: 1000, mode: 0o600 },
    { name: 'srv/locked/', type: 'directory', uid: 1000, gid: 1000, mode: 0o700 },
    { name: 'srv/nobody', content: 'n\n', uid: 65534, gid: 65534 },
  ]);
  fileCaps = await pushDerivedBase('kd-file-caps', [
    {
      name: 'bin/pinger',
      content: 'not a real program\n',
      mode: 0o755,
      pax: { 'SCHILY.xattr.security.capability': NET_RAW_CAPABILITY.toString('latin1') },
    },
  ]);
}, 180_000);

interface Case {
  name: string;
  dockerfile: () => string;
  /** Members of the derived set whose removal must fail the build, with a piece of Kaniko's error. */
  needed: Record<string, RegExp>;
}

const cases: Case[] = [
  {
    name: 'COPY only, base with files of other owners and a 0700 folder',
    dockerfile: () => `FROM ${owners}\nCOPY index.html /srv/locked/index.html\n`,
    needed: {
      CHOWN: /chown \/home\/app: operation not permitted/,
      FOWNER: /chmod \/home\/app: operation not permitted/,
      DAC_OVERRIDE: /open \/home\/app\/a: permission denied/,
    },
  },
  {
    name: 'RUN as root that changes an owner',
    dockerfile: () => `FROM ${env.registryBaseImage}\nRUN mkdir -p /opt/a && chown 1000:1000 /opt/a\n`,
    needed: { CHOWN: /chown: \/opt\/a: Operation not permitted/ },
  },
  {
    name: 'USER switch, then RUN',
    dockerfile: () => `FROM ${owners}\nUSER app\nRUN id -u && echo x > /home/app/b\n`,
    needed: {
      SETUID: /fork\/exec \/bin\/sh: operation not permitted/,
      SETGID: /fork\/exec \/bin\/sh: operation not permitted/,
    },
  },
  {
    name: 'USER switch, then RUN that leaves a process behind',
    dockerfile: () => `FROM ${owners}\nUSER app\nRUN sleep 30 & echo started\n`,
    needed: { KILL: /failed to execute command: operation not permitted/ },
  },
  {
    name: 'files with other owners and set-id bits',
    dockerfile: () =>
      `FROM ${env.registryBaseImage}\nCOPY --chown=1000:1000 index.html /srv/index.html\n` +
      'RUN chown 1000:1000 /srv && chmod g+s /srv && test -g /srv\n',
    // Without FSETID the kernel clears the set-gid bit silently; `test -g` makes that visible.
    needed: { CHOWN: /chown \/srv\/index.html: operation not permitted/, FSETID: /exit status 1/ },
  },
  {
    name: 'multi-stage with COPY --from and files from the context in the last stage',
    dockerfile: () =>
      `FROM ${env.registryBaseImage} AS build\nRUN mkdir -p /out && echo built > /out/app\n` +
      `FROM ${env.registryBaseImage}\nCOPY --from=build /out/app /www/app\nCOPY index.html /www/index.html\n`,
    needed: { DAC_OVERRIDE: /mkdir \/kaniko\/0\/out: permission denied/ },
  },
];

describe('capabilities the real executor needs (rootless Podman, no-new-privileges)', () => {
  for (const c of cases) {
    it(`${c.name}: the derived set builds, and each needed member is needed`, async () => {
      const dockerfile = c.dockerfile();
      const derived = requiredCapabilities(analyzeDockerfile(dockerfile).instructions).capabilities;
      const files = { Dockerfile: dockerfile, 'index.html': '<h1>caps</h1>\n' };
      const full = await runExecutorWith(files, derived);
      expect(full.exitCode, full.output).toBe(0);
      for (const [cap, error] of Object.entries(c.needed)) {
        expect(derived, `${cap} is derived`).toContain(cap);
        const without = await runExecutorWith(
          files,
          derived.filter((d) => d !== cap),
        );
        expect(without.exitCode, `without ${cap}`).not.toBe(0);
        expect(without.output).toMatch(error);
      }
    });
  }

  it('a base image whose files carry file capabilities needs SETFCAP even for COPY only', async () => {
    const dockerfile = `FROM ${fileCaps}\nCOPY index.html /www/index.html\n`;
    const files = { Dockerfile: dockerfile, 'index.html': 'x\n' };
    const derived = requiredCapabilities(analyzeDockerfile(dockerfile).instructions).capabilities;
    expect(derived).not.toContain('SETFCAP');
    const base = await runExecutorWith(files, derived);
    expect(base.exitCode).not.toBe(0);
    expect(base.output).toMatch(/failed to write "security.capability" attribute to "\/bin\/pinger"/);
    expect((await runExecutorWith(files, [...derived, 'SETFCAP'])).exitCode).toBe(0);
  });

  it('a COPY-only Dockerfile on a root-owned base needs none of the three (measured), the app still adds them', async () => {
    const dockerfile = `FROM ${env.registryBaseImage}\nCOPY index.html /www/index.html\n`;
    const files = { Dockerfile: dockerfile, 'index.html': 'x\n' };
    expect((await runExecutorWith(files, [])).exitCode).toBe(0);
    // The base's owners are unknown before the pull, so the base three stay (see the first case).
    expect(requiredCapabilities(analyzeDockerfile(dockerfile).instructions).capabilities).toEqual([
      'CHOWN',
      'FOWNER',
      'DAC_OVERRIDE',
    ]);
  });
});
