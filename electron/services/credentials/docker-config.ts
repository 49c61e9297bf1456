import { dockerConfigKey } from './registry-host';

/**
 * A Docker config.json carrying exactly one registry's credentials (never the others'), as kaniko reads it
 * from /kaniko/.docker/config.json. With no credentials the `auths` map is empty (anonymous push/pull).
 */
export function dockerConfigJsonFor(
  registry: string,
  auth: { username: string; secret: string } | null,
): Buffer {
  const auths: Record<string, { auth: string }> = {};
  if (auth) {
    auths[dockerConfigKey(registry)] = {
      auth: Buffer.from(`${auth.username}:${auth.secret}`).toString('base64'),
    };
  }
  return Buffer.from(JSON.stringify({ auths }));
}
