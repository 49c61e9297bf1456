import type { LayerComparison, ReproducibilityReport } from '../../../shared/contract/reproducibility';
import type { BuiltImage } from './built-image';
import { configDifferences, diffLayerFiles, type LayerFiles } from './image-diff';
import { readLayerBlob } from './layer-files';

export interface CompareOptions {
  executorImage: string;
  now: number;
  signal?: AbortSignal;
  /** Told before each differing layer is read (they can be large). */
  onLayer?(index: number, count: number): void;
}

const NO_FILES: LayerFiles = new Map();

/**
 * The two rebuilds side by side: layers paired by position, and inside each pair whose digests
 * differ the files that differ. Layers that match are never unpacked.
 */
export async function compareBuiltImages(
  a: BuiltImage,
  b: BuiltImage,
  opts: CompareOptions,
): Promise<ReproducibilityReport> {
  const count = Math.max(a.layers.length, b.layers.length);
  const layers: LayerComparison[] = [];
  for (let index = 0; index < count; index++) {
    const la = a.layers[index] ?? null;
    const lb = b.layers[index] ?? null;
    const same = la !== null && lb !== null && la.digest === lb.digest;
    let files: LayerComparison['files'] = [];
    let moreFiles = 0;
    if (!same) {
      opts.onLayer?.(index, count);
      const fa = la ? await readLayerBlob(la.file, opts.signal) : NO_FILES;
      const fb = lb ? await readLayerBlob(lb.file, opts.signal) : NO_FILES;
      ({ files, moreFiles } = diffLayerFiles(fa, fb));
    }
    layers.push({ index, digestA: la?.digest ?? null, digestB: lb?.digest ?? null, same, files, moreFiles });
  }
  return {
    checkedAt: opts.now,
    executorImage: opts.executorImage,
    digestA: a.digest,
    digestB: b.digest,
    reproducible: a.digest === b.digest,
    configDifferences: configDifferences(a.config, b.config),
    layers,
  };
}
