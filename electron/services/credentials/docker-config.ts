import { dockerConfigKey } from './registry-host';

/**
 * A Docker config.json carrying exactly one registry's credentials (never the others'), as kaniko reads it
 * from /kaniko/.docker/config.json. With no credentials the `auths` map is empty (anonymous push/pull).
 */
export function dockerConfigJsonFor(
  registry: string,
  auth: { username: string; secret: string } | null,
): Buffer {
  return dockerConfigJsonOf(auth ? [{ key: dockerConfigKey(registry), auth }] : []);
}

/** A config.json with exactly these entries, each under the key the executor will look it up by. */
export function dockerConfigJsonOf(
  entries: { key: string; auth: { username: string; secret: string } }[],
): Buffer {
  const auths: Record<string, { auth: string }> = {};
  for (const { key, auth } of entries) {
    auths[key] = { auth: Buffer.from(`${auth.username}:${auth.secret}`).toString('base64') };
  }
  return Buffer.from(JSON.stringify({ auths }));
}
