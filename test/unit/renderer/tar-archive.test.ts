import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { tarArchive } from '../../../renderer/pages/kubernetes/tar-archive';

async function untar(bytes: Uint8Array): Promise<{ name: string; mode: number; content: string }[]> {
  const out: { name: string; mode: number; content: string }[] = [];
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (head, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        out.push({ name: head.name, mode: head.mode ?? 0, content: Buffer.concat(chunks).toString() });
        next();
      });
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  Readable.from([Buffer.from(bytes)]).pipe(ex);
  await done;
  return out;
}

describe('tarArchive (Save all on the Kubernetes page)', () => {
  it('writes files a standard tar reader extracts unchanged (sizes on and off the 512-byte grid)', async () => {
    const files = [
      { name: 'kaniko-kubernetes/job.yaml', content: 'apiVersion: batch/v1\n' },
      { name: 'kaniko-kubernetes/.gitlab-ci.yml', content: 'x'.repeat(512) },
      { name: 'kaniko-kubernetes/README.md', content: 'Ünïcode ✓\n'.repeat(100) },
    ];
    const bytes = tarArchive(files, 1_700_000_000_000);
    expect(bytes.length % 512).toBe(0);
    expect(await untar(bytes)).toEqual(files.map((f) => ({ ...f, mode: 0o644 })));
  });

  it('refuses a name a tar header cannot hold', () => {
    expect(() => tarArchive([{ name: 'a'.repeat(120), content: '' }])).toThrow(/Cannot store the file name/);
  });
});
