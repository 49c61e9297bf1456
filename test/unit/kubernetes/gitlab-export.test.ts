import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportBundle } from '../../../electron/services/kubernetes/export-bundle';
import { shellQuote } from '../../../electron/services/kubernetes/gitlab-ci';
import {
  debugImageFor,
  debugImageWarning,
  objectNameFor,
} from '../../../electron/services/kubernetes/defaults';
import { archiveInput, FAKE_SECRET, gitInput } from './export-inputs';

function file(name: string, input = archiveInput()): string {
  const f = exportBundle(input).find((x) => x.name === name);
  if (!f) throw new Error(`${name} not exported`);
  return f.content;
}

interface CiJob {
  stage: string;
  image: { name: string; entrypoint: string[] };
  script: string[];
}

describe('.gitlab-ci.yml for the Kubernetes executor', () => {
  it('parses and has the keys the runner needs', () => {
    const doc = parse(file('.gitlab-ci.yml')) as Record<string, CiJob>;
    const job = doc['kaniko-build'];
    expect(job).toBeDefined();
    expect(job?.image.name).toBe('gcr.io/kaniko-project/executor:v1.24.0-debug');
    expect(job?.image.entrypoint).toEqual(['']);
    expect(job?.script[0]).toBe('mkdir -p /kaniko/.docker');
    expect(job?.script[1]).toMatch(/> \/kaniko\/\.docker\/config\.json$/);
    expect(job?.script[1]).toContain('"$KANIKO_REGISTRY_USER"');
    expect(job?.script[1]).toContain('"$KANIKO_REGISTRY_PASSWORD"');
    expect(job?.script[1]).toContain('https://index.docker.io/v1/');
    expect(job?.script[2]).toMatch(/^\/kaniko\/executor --context "\$CI_PROJECT_DIR" /);
    expect(job?.script[2]).toContain("'--build-arg=GREETING=hello world'");
    expect(job?.script[2]).not.toContain('/should/be/replaced');
  });

  it('never contains the stored secret, even when credentials were given', () => {
    const content = file('.gitlab-ci.yml', gitInput());
    expect(content).not.toContain(FAKE_SECRET);
    expect(content).not.toContain(Buffer.from(`alice:${FAKE_SECRET}`).toString('base64'));
    expect((parse(content) as Record<string, CiJob>)['kaniko-build']?.script[1]).toContain(' ghcr.io ');
  });

  it('the auth line really writes a kaniko config.json when run by a shell', () => {
    const line = (parse(file('.gitlab-ci.yml')) as Record<string, CiJob>)['kaniko-build']?.script[1] ?? '';
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-auth-'));
    const target = path.join(dir, 'config.json');
    const out = spawnSync('sh', ['-c', line.replace('/kaniko/.docker/config.json', target)], {
      env: { PATH: process.env.PATH, KANIKO_REGISTRY_USER: 'bob', KANIKO_REGISTRY_PASSWORD: 'pa ss' },
      encoding: 'utf8',
    });
    expect(out.status, out.stderr).toBe(0);
    const written = readFileSync(target, 'utf8');
    rmSync(dir, { recursive: true, force: true });
    const auth = (JSON.parse(written) as { auths: Record<string, { auth: string }> }).auths[
      'https://index.docker.io/v1/'
    ]?.auth;
    expect(Buffer.from(auth ?? '', 'base64').toString()).toBe('bob:pa ss');
  });
});

describe('runner config.toml', () => {
  const python = spawnSync('python3', ['-c', 'import tomllib'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!python)(
    'is valid TOML that disables host users and sets the capabilities (parsed by tomllib)',
    () => {
      const out = spawnSync(
        'python3',
        ['-c', 'import tomllib, json, sys; print(json.dumps(tomllib.loads(sys.stdin.read())))'],
        { input: file('config.toml', gitInput()), encoding: 'utf8' },
      );
      expect(out.status, out.stderr).toBe(0);
      const toml = JSON.parse(out.stdout) as {
        runners: {
          executor: string;
          kubernetes: {
            namespace: string;
            host_users: boolean;
            build_container_security_context: {
              run_as_user: number;
              allow_privilege_escalation: boolean;
              capabilities: { drop: string[]; add: string[] };
            };
          };
        }[];
      };
      const k = toml.runners[0]?.kubernetes;
      expect(toml.runners[0]?.executor).toBe('kubernetes');
      expect(k?.namespace).toBe('ci');
      expect(k?.host_users).toBe(false);
      expect(k?.build_container_security_context.run_as_user).toBe(0);
      expect(k?.build_container_security_context.allow_privilege_escalation).toBe(false);
      expect(k?.build_container_security_context.capabilities).toEqual({
        drop: ['ALL'],
        add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'KILL', 'SETGID', 'SETUID'],
      });
    },
  );
});

describe('helpers', () => {
  it('shellQuote', () => {
    expect(shellQuote('--target=runtime')).toBe('--target=runtime');
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
  });
  it('debugImageWarning: only for executor images without a version', () => {
    expect(debugImageWarning('ghcr.io/osscontainertools/kaniko:v1.28.5')).toBeNull();
    expect(debugImageWarning('x/kaniko:latest')).toMatch(
      /^The executor image x\/kaniko:latest has no version tag, so .* use x\/kaniko:debug, which may not exist\. Set a versioned executor image in Settings/,
    );
    expect(debugImageWarning('localhost:5000/kaniko')).toContain('localhost:5000/kaniko:debug');
  });

  it('debugImageFor', () => {
    expect(debugImageFor('gcr.io/kaniko-project/executor:v1.24.0')).toBe(
      'gcr.io/kaniko-project/executor:v1.24.0-debug',
    );
    // No version to derive from: the plain debug tag, never the non-existent latest-debug.
    expect(debugImageFor('localhost:5000/kaniko')).toBe('localhost:5000/kaniko:debug');
    expect(debugImageFor('x/kaniko:latest')).toBe('x/kaniko:debug');
    expect(debugImageFor('x/kaniko:v1-slim')).toBe('x/kaniko:v1-debug');
    expect(debugImageFor('x/kaniko:v1-debug')).toBe('x/kaniko:v1-debug');
    expect(() => debugImageFor('x/kaniko@sha256:' + 'a'.repeat(64))).toThrow(/digest/);
  });
  it('objectNameFor gives DNS labels', () => {
    expect(objectNameFor('alice/My_App')).toBe('kaniko-my-app');
    expect(objectNameFor('alice/kaniko-nginx', 'ab12cd')).toBe('kaniko-nginx-ab12cd');
    expect(objectNameFor('a/' + 'x'.repeat(80), 'ab12cd').length).toBeLessThanOrEqual(52);
  });
});
