import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { readAll } from './tar-helpers';

/**
 * Loads a docker-archive tarball into the engine (POST /images/load) and returns the names it reports.
 * Errors come back in the JSON body rather than as an HTTP failure, so the body is checked.
 */
export async function loadImageArchive(docker: Docker, archive: Readable): Promise<string[]> {
  const res = (await docker.loadImage(archive, { quiet: true })) as unknown as Readable;
  const body = (await readAll(res)).toString('utf8');
  const names: string[] = [];
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    let msg: { stream?: string; error?: string; errorDetail?: { message?: string } };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      msg = { stream: line };
    }
    if (msg.error || msg.errorDetail?.message) throw new Error(msg.errorDetail?.message ?? msg.error);
    const m = /Loaded image(?:\(s\))?(?: ID)?:\s*(.+)/.exec(msg.stream ?? '');
    if (m?.[1])
      names.push(
        ...m[1]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
  }
  return names;
}
