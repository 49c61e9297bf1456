import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStandInExecutor } from '../../fixtures/stand-in-executor';
import { podman, podmanOk } from '../../support/podman-cli';
import { testEnv } from '../../support/test-env';
import { makeContext } from '../../support/build-contexts';
import { startBuildApp, taskLog, waitFor, type BuildTestApp } from './build-app';

// Push mode with a known token against the harness's htpasswd registry. The executor is the STAND-IN
// (it reports which registry keys its config.json holds; it does not upload). The token must appear
// nowhere: logs, history files, settings, events, answers, or `podman inspect` of the running container.
const env = testEnv();
let t: BuildTestApp;
const TOKEN = env.registryPass;
const forms = [
  TOKEN,
  Buffer.from(TOKEN).toString('base64'),
  Buffer.from(`${env.registryUser}:${TOKEN}`).toString('base64'),
];

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
  await buildStandInExecutor(env.podmanSocket);
  t = await startBuildApp();
});
afterAll(async () => {
  await t?.close();
});

describe('push build with saved credentials (stand-in executor)', () => {
  it('a wrong password fails within 2 s and creates no container', async () => {
    await t.ok('credentials.save', {
      registry: env.registry,
      username: env.registryUser,
      secret: 'wrong-password-123',
    });
    const since = new Date().toISOString();
    const started = Date.now();
    const { buildId } = await t.ok<{ buildId: string }>('build.start', {
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

  it('delivers only the target registry credentials as config.json; the token never shows', async () => {
    await t.ok('credentials.save', { registry: env.registry, username: env.registryUser, secret: TOKEN });
    const contextDir = makeContext({
      Dockerfile: 'FROM x\n# stand-in: sleep 3\nCOPY a.txt /srv/\n',
      'a.txt': 'a\n',
    });
    const { buildId, taskId } = await t.ok<{ buildId: string; taskId: string }>('build.start', {
      contextDir,
      registry: env.registry,
      repository: 'kd/push-test',
      tags: ['one', 'two'],
      mode: 'push',
    });
    // Inspect the build container while it runs.
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
      20_000,
      'the running build container',
    ).catch(async (err: unknown) => {
      throw new Error(
        `${String(err)}; build: ${JSON.stringify(await t.finished(buildId, 1000).catch(() => null))}`,
      );
    });
    const inspect = await podmanOk(['inspect', ...ids]);
    expectNoSecret(inspect, 'podman inspect');
    expect(inspect).toContain('no-new-privileges');

    const result = await t.finished(buildId);
    expect(result.error).toBeNull();
    expect(result.result).toBe('succeeded');
    expect(result.pushed.length).toBe(2);
    expect(result.digest).toMatch(/^sha256:/);

    const log = (await taskLog(t, taskId)).join('\n');
    expect(log).toContain(`registry credentials present for: ${env.registry}`);
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
});
