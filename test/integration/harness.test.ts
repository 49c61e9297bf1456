import Docker from 'dockerode';
import { describe, expect, inject, it } from 'vitest';
import { BASE_IMAGE_PAGE } from '../support/base-image';
import { removeLabelledContainers } from '../support/cleanup';
import { libpodInfo, pingSocket } from '../support/engine-http';
import { freePort, registryStatus } from '../support/local-registry';
import { podmanJson, podmanOk } from '../support/podman-cli';
import { TEST_CONTAINER_LABEL, testEnv } from '../support/test-env';

const env = testEnv();
const docker = new Docker({ socketPath: env.podmanSocket });
const labels = { [TEST_CONTAINER_LABEL]: '1' };

async function runToExit(container: Docker.Container): Promise<number> {
  const waiting = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>;
  await container.start();
  return (await waiting).StatusCode;
}

describe('test harness', () => {
  it('exposes the same values through env and vitest provide', () => {
    expect(inject('KANIKO_TEST_PODMAN_SOCKET')).toBe(env.podmanSocket);
    expect(inject('KANIKO_TEST_REGISTRY')).toBe(env.registry);
    expect(inject('KANIKO_TEST_ROOTLESS')).toBe(env.rootless ? '1' : '0');
  });

  it('runs a Podman service that answers ping and reports rootless as configured', async () => {
    expect(await pingSocket(env.podmanSocket)).toBe(true);
    const info = await libpodInfo(env.podmanSocket);
    expect(info.host.security.rootless).toBe(env.rootless);
    if (process.getuid?.() === 0 && process.env.KANIKO_TEST_FORCE_ROOTFUL !== '1') {
      // as root the harness runs the engine as an unprivileged user; a fallback shows up here
      expect(env.rootless).toBe(true);
    }
    // inside a rootless container, uid 0 maps to a non-root host uid
    const out = await podmanOk(['run', '--rm', env.baseImage, 'cat', '/proc/self/uid_map']);
    const [inside, outside] = out.trim().split(/\s+/).map(Number);
    expect(inside).toBe(0);
    expect(outside === 0).toBe(!env.rootless);
  });

  it('has the busybox base image in the service storage', async () => {
    const images = await podmanJson<{ Names?: string[] }[]>(['images', '--format', 'json']);
    expect(images.flatMap((i) => i.Names ?? [])).toContain(env.baseImage);
    const inspect = await docker.getImage(env.baseImage).inspect();
    expect(inspect.Config.Cmd).toEqual(['/bin/sh']);
  });

  it('creates, starts, waits for and removes a container through dockerode', async () => {
    const c = await docker.createContainer({
      Image: env.baseImage,
      Cmd: ['sh', '-c', 'test -f /www/index.html && exit 7'],
      Labels: labels,
    });
    try {
      expect(await runToExit(c)).toBe(7);
    } finally {
      await c.remove({ force: true });
    }
    await expect(c.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('publishes a container port on 127.0.0.1 reachable from the test process', async () => {
    const port = await freePort();
    const c = await docker.createContainer({
      Image: env.baseImage,
      Cmd: ['httpd', '-f', '-p', '8080', '-h', '/www'],
      Labels: labels,
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
    });
    try {
      await c.start();
      let body = '';
      for (let i = 0; i < 50 && !body; i++) {
        body = await fetch(`http://127.0.0.1:${port}/`)
          .then((r) => r.text())
          .catch(() => '');
        if (!body) await new Promise((r) => setTimeout(r, 100));
      }
      expect(body).toBe(BASE_IMAGE_PAGE);
    } finally {
      await c.remove({ force: true });
    }
  });

  it('runs a registry that refuses anonymous and wrong credentials and accepts the test ones', async () => {
    expect(await registryStatus(env.registry)).toBe(401);
    expect(await registryStatus(env.registry, { user: env.registryUser, pass: 'wrong' })).toBe(401);
    expect(await registryStatus(env.registry, { user: env.registryUser, pass: env.registryPass })).toBe(200);
  });

  it('lets the engine push to the plain-HTTP registry through the compat API', async () => {
    const tag = `t${Date.now()}`;
    const repo = `${env.registry}/harness-push`;
    await docker.getImage(env.baseImage).tag({ repo, tag });
    try {
      const stream = await docker
        .getImage(`${repo}:${tag}`)
        .push({ authconfig: { username: env.registryUser, password: env.registryPass } });
      const events = await new Promise<{ error?: string }[]>((resolve, reject) =>
        docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) =>
          err ? reject(err) : resolve(out),
        ),
      );
      expect(events.filter((e) => e.error)).toEqual([]);
      const auth = Buffer.from(`${env.registryUser}:${env.registryPass}`).toString('base64');
      const tags = await fetch(`http://${env.registry}/v2/harness-push/tags/list`, {
        headers: { authorization: `Basic ${auth}` },
      }).then((r) => r.json() as Promise<{ tags: string[] }>);
      expect(tags.tags).toContain(tag);
    } finally {
      await docker.getImage(`${repo}:${tag}`).remove();
    }
  });

  it('has the base image in the registry too', async () => {
    const auth = Buffer.from(`${env.registryUser}:${env.registryPass}`).toString('base64');
    const r = await fetch(`http://${env.registry}/v2/kd-busybox/manifests/latest`, {
      method: 'HEAD',
      headers: {
        authorization: `Basic ${auth}`,
        accept:
          'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
      },
    });
    expect(r.status).toBe(200);
    expect(env.registryBaseImage).toBe(`${env.registry}/kd-busybox:latest`);
  });

  it('removes labelled leftovers (what the global teardown does)', async () => {
    const c = await docker.createContainer({ Image: env.baseImage, Cmd: ['sleep', '60'], Labels: labels });
    await c.start();
    expect(await removeLabelledContainers(env.podmanSocket)).toBeGreaterThanOrEqual(1);
    await expect(c.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
