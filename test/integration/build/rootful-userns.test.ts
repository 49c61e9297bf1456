import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { executorContainerSpec } from '../../../electron/services/build/runner/container-spec';
import { BASE_IMAGE } from '../../support/base-image';
import { testEnv } from '../../support/test-env';

// On a rootful engine the build container gets a user namespace of its own: root inside is not root
// outside. Runs for real when the harness's engine is rootful (KANIKO_TEST_FORCE_ROOTFUL=1 as root).
const env = testEnv();
const docker = new Docker({ socketPath: env.podmanSocket });
const created: string[] = [];
afterAll(async () => {
  for (const id of created)
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
});

describe.runIf(!env.rootless)('build container on a rootful engine', () => {
  it('runs in its own user namespace (uid 0 inside maps to an unprivileged uid outside)', async () => {
    const spec = executorContainerSpec({
      image: BASE_IMAGE,
      args: ['/proc/self/uid_map'],
      capAdd: ['CHOWN', 'FOWNER', 'DAC_OVERRIDE'],
      buildId: `userns${Date.now()}`,
      installId: 'test',
      rootfulEngine: true,
    });
    const c = await docker.createContainer({
      ...spec,
      Entrypoint: ['/bin/cat'],
      Labels: { ...spec.Labels, 'io.kaniko-desktop.test': '1' },
    });
    created.push(c.id);
    await c.start();
    await c.wait();
    const log = (await c.logs({ stdout: true, stderr: true })).toString('latin1');
    const [inside, outside, count] = (/\s*(\d+)\s+(\d+)\s+(\d+)/.exec(log) ?? []).slice(1).map(Number);
    expect(inside).toBe(0);
    expect(outside).toBeGreaterThan(0);
    expect(count).toBeLessThan(4294967295);
  });
});
