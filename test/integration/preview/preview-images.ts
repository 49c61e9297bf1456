import type Docker from 'dockerode';
import { TEST_CONTAINER_LABEL } from '../../support/test-env';

export const PAGE = '<h1>preview ok</h1>';

/** Images the preview tests run, derived from the harness's busybox image by a container commit. */
export const IMAGES = {
  /** httpd on 8080, EXPOSE 8080. */
  httpd: 'localhost/kd-preview-httpd:latest',
  /** httpd on 8081, EXPOSE 8081 (the container port must come from the image). */
  httpd8081: 'localhost/kd-preview-httpd:8081',
  /** Prints to stdout and stderr, exits 3 at once. */
  crash: 'localhost/kd-preview-crash:latest',
  /** Runs but never listens. */
  silent: 'localhost/kd-preview-silent:latest',
} as const;

async function commitImage(docker: Docker, base: string, ref: string, changes: string[]): Promise<void> {
  const c = await docker.createContainer({
    Image: base,
    Cmd: ['sh', '-c', `mkdir -p /www && echo '${PAGE}' > /www/index.html`],
    Labels: { [TEST_CONTAINER_LABEL]: '1' },
  });
  try {
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    if (StatusCode !== 0) throw new Error(`image setup exited ${StatusCode}`);
    const colon = ref.lastIndexOf(':');
    await c.commit({ repo: ref.slice(0, colon), tag: ref.slice(colon + 1), changes });
  } finally {
    await c.remove({ force: true });
  }
}

export async function buildPreviewImages(docker: Docker, base: string): Promise<void> {
  await commitImage(docker, base, IMAGES.httpd, [
    'CMD ["httpd","-f","-v","-p","8080","-h","/www"]',
    'EXPOSE 8080',
  ]);
  await commitImage(docker, base, IMAGES.httpd8081, [
    'CMD ["httpd","-f","-p","8081","-h","/www"]',
    'EXPOSE 8081',
  ]);
  await commitImage(docker, base, IMAGES.crash, [
    `CMD ["sh","-c","echo starting up; echo 'fatal: config file missing' >&2; exit 3"]`,
  ]);
  await commitImage(docker, base, IMAGES.silent, ['CMD ["sleep","600"]']);
}
