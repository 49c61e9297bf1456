import type Docker from 'dockerode';
import { DEFAULT_DIGEST_FILE } from '../logic/executor-args';
import { readContainerFile } from './container-files';

export function isImageDigest(text: string): boolean {
  return /^sha256:[a-f0-9]{64}$/.test(text);
}

/**
 * The built image's digest from the executor's --digest-file, or `reported` (what Kaniko's output
 * said) when the file is missing or holds no digest.
 */
export async function readBuiltDigest(
  container: Docker.Container,
  reported: string | null,
): Promise<string | null> {
  try {
    const text = (await readContainerFile(container, DEFAULT_DIGEST_FILE)).toString('utf8').trim();
    return isImageDigest(text) ? text : reported;
  } catch {
    return reported;
  }
}
