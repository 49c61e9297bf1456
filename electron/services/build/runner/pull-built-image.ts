import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { engineMessage } from '../../engine/engine-errors';
import type { NormalizedRef } from '../logic/image-ref';
import { readAll } from './tar-helpers';

/**
 * Local builds with the app's cache registry: Kaniko pushed the image there (its cached layers are already
 * in that registry, so an unchanged rebuild sends almost nothing), and Podman pulls it by digest over
 * loopback (layers it already holds are skipped), instead of a tarball written, read back and loaded.
 * Then the image gets the names the build asked for. Returns those names.
 */
export async function pullBuiltImage(
  docker: Docker,
  /** 127.0.0.1:PORT/<repository> as the engine reaches it. */
  repository: string,
  digest: string,
  destinations: NormalizedRef[],
): Promise<string[]> {
  const reference = `${repository}@${digest}`;
  const id = await libpodPull(docker, reference);
  const image = docker.getImage(id);
  for (const d of destinations) {
    await image.tag({ repo: `${d.registry}/${d.repository}`, tag: d.tag ?? 'latest' });
  }
  return destinations.map((d) => d.full);
}

/** POST /libpod/images/pull with TLS verification off (the registry is on loopback, plain HTTP). */
async function libpodPull(docker: Docker, reference: string): Promise<string> {
  const res = await new Promise<Readable>((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/v4.0.0/libpod/images/pull?',
        method: 'POST',
        isStream: true,
        statusCodes: { 200: true },
        options: { reference, tlsVerify: false, quiet: true, policy: 'always' },
      },
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)),
    );
  }).catch((err: unknown) => {
    throw new Error(`Podman could not pull ${reference}: ${engineMessage(err)}`);
  });
  const body = (await readAll(res)).toString('utf8');
  let id: string | null = null;
  for (const raw of body.split(/\r?\n/)) {
    if (!raw.trim()) continue;
    let msg: { id?: string; images?: string[]; error?: string };
    try {
      msg = JSON.parse(raw) as typeof msg;
    } catch {
      continue;
    }
    if (msg.error) throw new Error(`Podman could not pull ${reference}: ${msg.error}`);
    id = msg.id ?? msg.images?.[0] ?? id;
  }
  if (!id) throw new Error(`Podman pulled ${reference} but named no image.`);
  return id;
}
