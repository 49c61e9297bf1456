import type { Readable } from 'node:stream';
import { extractOciLayoutArchive } from './layout-archive';
import { pushImage, resolvePushTarget, type PushImageInput, type PushImageResult } from './push-image';

export interface PushLayoutArchiveInput extends Omit<PushImageInput, 'image'> {
  /** The engine's getArchive tar stream of the layout folder (Kaniko's --oci-layout-path). */
  archive: Readable;
  /** Parent of the private temp folder the layout is unpacked into (default: the OS temp folder). */
  tmpRoot?: string;
}

/**
 * The whole push of a build's output in one call: unpack the layout from the engine's tar stream into
 * a private folder (each blob checked against its digest), push it, and remove the folder whatever happens.
 */
export async function pushLayoutArchive(input: PushLayoutArchiveInput): Promise<PushImageResult> {
  const { archive, tmpRoot, ...push } = input;
  let registry: string;
  try {
    registry = resolvePushTarget(push).registry; // bad names fail before a byte is unpacked
  } catch (err) {
    archive.destroy();
    throw err;
  }
  const layout = await extractOciLayoutArchive(archive, {
    ...(tmpRoot ? { tmpRoot } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    registry,
  });
  try {
    return await pushImage({ ...push, image: layout.image });
  } finally {
    await layout.dispose();
  }
}
