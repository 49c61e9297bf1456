import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import type { PushImageResult, PushProgress } from '../../registry-push/push-image';
import { pushLayoutArchive } from '../../registry-push/push-layout-archive';
import type { NormalizedRef } from '../logic/image-ref';
import { OCI_LAYOUT_DIR } from './container-files';

export interface PushReport {
  line(text: string): void;
  /** Fraction of the bytes to send that the registry has, and what is going on. */
  progress(fraction: number, label: string): void;
  /** Every blob is up; the tags are written next and the push can no longer be cancelled. */
  commit(): void;
}

/**
 * Pushes the image the executor built (its OCI layout, read back from the exited container) from this
 * process through the registry's HTTP API: the push login never enters the build container, and the
 * manifest goes up byte for byte, so the registry's digest is the one Kaniko reported (`built`).
 */
export async function pushBuiltImage(
  container: Docker.Container,
  destinations: NormalizedRef[],
  built: string | null,
  auth: { username: string; secret: string } | null,
  signal: AbortSignal,
  report: PushReport,
): Promise<PushImageResult> {
  const first = destinations[0];
  if (!first) throw new Error('no destination to push to');
  const target = `${first.registry}/${first.repository}`;
  const label = `Pushing to ${target}`;
  report.line(`${label} from this computer (the build container never held the login).`);
  const sizes = new Map<string, { sent: number; size: number }>();
  const onProgress = (p: PushProgress) => {
    if (p.kind === 'blob') {
      sizes.set(p.digest, { sent: p.sent, size: p.size });
      if (p.state !== 'uploading') {
        report.line(`${p.state === 'exists' ? 'Already there' : 'Uploaded'}: ${p.digest} (${p.size} bytes)`);
      }
    } else report.line(`Pushed ${target}:${p.tag}@${p.digest}`);
    const all = [...sizes.values()];
    const total = all.reduce((n, b) => n + b.size, 0);
    report.progress(total ? all.reduce((n, b) => n + b.sent, 0) / total : 0, label);
  };
  const archive = (await container.getArchive({ path: OCI_LAYOUT_DIR })) as unknown as Readable;
  return pushLayoutArchive({
    archive,
    registry: first.registry,
    repository: first.repository,
    tags: destinations.map((d) => d.tag ?? 'latest'),
    auth,
    signal,
    onProgress,
    onCommit: () => report.commit(),
    expectedDigest: built,
  });
}
