import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerfileFromRegistryBase,
  makeContext,
  PAGE_TEXT,
  scratchBusyboxContext,
} from '../../support/build-contexts';
import { podman, podmanJson, podmanOk } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';
import { saveRegistryLogin, startBuildApp, taskLog, waitFor, type BuildTestApp } from './build-app';

// Push builds for real: the REAL Kaniko executor builds (no push, no push login in its container), the
// app pushes the exact image to the harness's htpasswd registry, and the image is pulled back by digest.
// The token must appear nowhere: logs, history files, events, answers, `podman inspect`, and not even
// where a RUN step of the Dockerfile can look (filesystem, environment, /proc).
const env = testEnv();
let t: BuildTestApp;
const TOKEN = env.registryPass;
const forms = [
  TOKEN,
  Buffer.from(TOKEN).toString('base64'),
  Buffer.from(`${env.registryUser}:${TOKEN}`).toString('base64'),
];
const CANARY = 'kd-canary-visible-to-steps';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
function expectNoSecret(text: string, where: string): void {
  for (const f of forms) expect(text.includes(f), `${where} contains the token`).toBe(false);
}

beforeAll(async () => {
  t = await startBuildApp();
});
afterAll(async () => {
  await t?.close();
});

describe('push builds with the real executor, pushed by the app', () => {
  it('a wrong password fails within 2 s and creates no container', async () => {
    await saveRegistryLogin(t, 'wrong-password-123');
    const since = new Date().toISOString();
    const started = Date.now();
    const { buildId } = await t.ok<{ buildId: string }>('build.start', {
      contextDir: makeContext({ Dockerfile: dockerfileFromRegistryBase() }),
      registry: env.registry,
      repository: 'kd/push-test',
      mode: 'push',
    });
    const result = await t.finished(buildId, 5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.result).toBe('failed');
    expect(result.error?.code).toBe('AUTH_FAILED');
    const created = await podmanOk([
      'events',
      '--stream=false',
      '--since',
      since,
      '--filter',
      'event=create',
      '--format',
      '{{.Name}}',
    ]);
    expect(created).not.toContain('kaniko-desktop-build');
  });

  it('pushes the exact built image; RUN steps find no login; the token shows nowhere', async () => {
    await saveRegistryLogin(t);
    // Everything a Dockerfile step could read the login from, written into the image itself (the app's
    // log is redacted, the image is not): the config file, the environment, every process's environment
    // and command line, any config.json on the filesystem.
    const search = [
      'ls -la /kaniko/.docker/ 2>&1',
      'cat /kaniko/.docker/config.json 2>&1',
      'env',
      "cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n'",
      "cat /proc/*/cmdline 2>/dev/null | tr '\\0' ' '",
      'find / -xdev -name config.json 2>/dev/null',
    ].join('; ');
    const contextDir = scratchBusyboxContext(`(${search}) > /found.txt 2>&1; echo searched`, {
      'index.html': `<h1>${PAGE_TEXT}</h1>\n`,
    });
    const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', {
      contextDir,
      registry: env.registry,
      repository: 'kd/push-test',
      tags: ['one', 'two'],
      buildArgs: [{ key: 'CANARY', value: CANARY }],
      mode: 'push',
      baseImageLogin: false,
    });
    const result = await t.finished(buildId, 120_000);
    const log = (await taskLog(t, taskId)).join('\n');
    expect(result.error, log).toBeNull();
    expect(result.result).toBe('succeeded');
    expect(result.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.pushed).toEqual([
      `${env.registry}/kd/push-test:one@${result.digest}`,
      `${env.registry}/kd/push-test:two@${result.digest}`,
    ]);
    expect(log).toContain('the build container never held the login');

    // Pull back by the digest the app showed: same digest, the context file inside, and the search found
    // the canary (so it really looked) but no login.
    const byDigest = `${env.registry}/kd/push-test@${result.digest}`;
    await podmanOk([
      'pull',
      '--quiet',
      '--tls-verify=false',
      '--creds',
      `${env.registryUser}:${TOKEN}`,
      byDigest,
    ]);
    const [pulled] = await podmanJson<{ Digest: string }[]>(['image', 'inspect', byDigest]);
    expect(pulled?.Digest).toBe(result.digest);
    const cat = (file: string) =>
      podmanOk(['run', '--rm', '--label', 'io.kaniko-desktop.test=1', byDigest, 'cat', file]);
    expect(await cat('/www/index.html')).toContain(PAGE_TEXT);
    const found = await cat('/found.txt');
    expect(found).toContain(CANARY);
    expect(found).toMatch(/config\.json'?: No such file or directory/);
    expectNoSecret(found, 'what a RUN step can see');
    await podman(['rmi', '-f', byDigest]);

    expectNoSecret(log, 'task log');
    expectNoSecret(JSON.stringify(t.events), 'events');
    expectNoSecret(JSON.stringify(t.answers), 'answers');
    const history = await t.ok('history.get', { buildId });
    expectNoSecret(JSON.stringify(history), 'history.get');
    for (const f of filesUnder(t.dir)) expectNoSecret(readFileSync(f).toString('latin1'), f);
    expect(
      (
        await podman(['ps', '-a', '--filter', `label=io.kaniko-desktop.build-id=${buildId}`, '-q'])
      ).stdout.trim(),
    ).toBe('');
  });

  it('the build container holds no login while it runs (podman inspect)', async () => {
    const contextDir = scratchBusyboxContext('sleep 3');
    const { buildId } = await t.ok<{ buildId: string }>('build.start', {
      contextDir,
      registry: env.registry,
      repository: 'kd/push-inspect',
      mode: 'push',
    });
    let ids: string[] = [];
    await waitFor(
      async () => {
        ids = (
          await podmanOk([
            'ps',
            '--filter',
            `label=io.kaniko-desktop.build-id=${buildId}`,
            '--format',
            '{{.ID}}',
          ])
        )
          .split('\n')
          .filter(Boolean);
        return ids.length > 0;
      },
      30_000,
      'the running build container',
    );
    const inspect = await podmanOk(['inspect', ...ids]);
    expectNoSecret(inspect, 'podman inspect');
    expect(inspect).toContain('no-new-privileges');
    const result = await t.finished(buildId, 120_000);
    expect(result.result).toBe('succeeded');
  });
});
