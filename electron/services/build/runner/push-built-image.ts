import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { extractOciLayoutArchive } from '../../registry-push/layout-archive';
import { pushImage, type PushImageResult, type PushProgress } from '../../registry-push/push-image';
import type { NormalizedRef } from '../logic/image-ref';
import { OCI_LAYOUT_DIR } from './container-files';

export interface PushReport {
  line(text: string): void;
  /** Fraction of the bytes to send that the registry has, and what is going on. */
  progress(fraction: number, label: string): void;
}

/**
 * Pushes the image the executor built (its OCI layout, read back from the exited container) from this
 * process through the registry's HTTP API: the push credentials never enter the build container, and the
 * manifest goes up byte for byte, so the registry's digest is the build's.
 */
export async function pushBuiltImage(
  container: Docker.Container,
  destinations: NormalizedRef[],
  auth: { username: string; secret: string } | null,
  signal: AbortSignal,
  report: PushReport,
): Promise<PushImageResult> {
  const first = destinations[0];
  if (!first) throw new Error('no destination to push to');
  const tar = (await container.getArchive({ path: OCI_LAYOUT_DIR })) as unknown as Readable;
  const layout = await extractOciLayoutArchive(tar, { signal, registry: first.registry });
  try {
    const total = layout.image.blobs.reduce((n, b) => n + b.size, 0) + layout.image.manifest.size;
    const sent = new Map<string, number>();
    const label = `Pushing to ${first.registry}/${first.repository}`;
    report.line(
      `${label}: ${layout.image.blobs.length} blob(s), ${(total / 1e6).toFixed(1)} MB, from this computer (the build container never held the login).`,
    );
    const onProgress = (p: PushProgress) => {
      if (p.kind === 'blob') {
        sent.set(p.digest, p.sent);
        if (p.state !== 'uploading')
          report.line(`${p.state === 'exists' ? 'Already there' : 'Uploaded'}: ${p.digest}`);
      } else report.line(`Pushed ${first.registry}/${first.repository}:${p.tag}@${p.digest}`);
      const done = [...sent.values()].reduce((n, s) => n + s, 0);
      report.progress(Math.min(1, done / Math.max(1, total)), label);
    };
    return await pushImage({
      image: layout.image,
      registry: first.registry,
      repository: first.repository,
      tags: destinations.map((d) => d.tag ?? 'latest'),
      auth,
      signal,
      onProgress,
    });
  } finally {
    await layout.dispose();
  }
}
