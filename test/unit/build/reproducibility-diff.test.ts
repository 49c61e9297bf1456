import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack as tarPack, type Header } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { compareBuiltImages } from '../../../electron/services/build/reproducibility/compare-images';
import {
  configDifferences,
  diffLayerFiles,
} from '../../../electron/services/build/reproducibility/image-diff';
import { readLayerBlob, readTarFiles } from '../../../electron/services/build/reproducibility/layer-files';
import { readAll } from '../../../electron/services/build/runner/tar-helpers';

type Entry = Partial<Header> & { name: string; content?: string };

/** A layer tar in memory, as Kaniko writes one (entries with owners, modes and times). */
async function layerTar(entries: Entry[]): Promise<Buffer> {
  const pack = tarPack();
  for (const { content, ...header } of entries) {
    const h = { type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: new Date(0), ...header } as Header;
    if (h.type === 'file') pack.entry(h, content ?? '');
    else pack.entry(h);
  }
  pack.finalize();
  return readAll(pack as unknown as Readable);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-repro-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function layerFile(name: string, entries: Entry[], gzip = true): Promise<string> {
  const tar = await layerTar(entries);
  const file = path.join(dir, name);
  writeFileSync(file, gzip ? gzipSync(tar) : tar);
  return file;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const base: Entry[] = [
  { name: 'etc/', type: 'directory', mode: 0o755 },
  { name: 'etc/app.conf', content: 'port=8080\n' },
  { name: 'app/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
  { name: 'app/data', content: 'same' },
  { name: 'app/owned', content: 'x' },
  { name: 'app/old', content: 'gone soon' },
  { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
];

describe('reading a layer', () => {
  it('lists every entry with its attributes and the sha256 of each file, gzip or plain', async () => {
    for (const gzip of [true, false]) {
      const files = await readLayerBlob(await layerFile(`read-${gzip}`, base, gzip));
      expect(files.size).toBe(base.length);
      expect(files.get('etc/app.conf')).toEqual({
        type: 'file',
        size: 10,
        mode: 0o644,
        uid: 0,
        gid: 0,
        mtime: 0,
        sha256: sha('port=8080\n'),
        linkname: null,
      });
      expect(files.get('etc')).toMatchObject({ type: 'directory', mode: 0o755, sha256: null });
      expect(files.get('bin/sh')).toMatchObject({ type: 'symlink', linkname: '/bin/busybox', sha256: null });
    }
  });

  it('stops with CANCELLED when the comparison is cancelled', async () => {
    const file = await layerFile('cancel', base);
    const controller = new AbortController();
    controller.abort();
    await expect(readLayerBlob(file, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    // …and in the middle of a layer whose rest never comes (without the cancel this would wait forever).
    const tar = await layerTar([{ name: 'big', content: 'x'.repeat(1024 * 1024) }]);
    const source = new PassThrough();
    const later = new AbortController();
    const reading = readTarFiles(source, later.signal);
    source.write(tar.subarray(0, 64 * 1024));
    await new Promise((r) => setTimeout(r, 20));
    later.abort();
    await expect(reading).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('refuses a blob that is not a tar with a clear error', async () => {
    const file = path.join(dir, 'not-a-tar');
    writeFileSync(file, gzipSync(Buffer.from('this is not a tar archive at all, just text')));
    await expect(readLayerBlob(file)).rejects.toThrow(/could not be read as a tar archive/);
  });
});

describe('diffing two layers', () => {
  it('names each differing file with the attributes that differ: content, mode, mtime, owner, added, removed', async () => {
    const changed: Entry[] = [
      { name: 'etc/', type: 'directory', mode: 0o755 },
      { name: 'etc/app.conf', content: 'port=9090\n' }, // content (same size)
      { name: 'app/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o700 }, // mode
      { name: 'app/data', content: 'same', mtime: new Date(1_700_000_000_000) }, // mtime
      { name: 'app/owned', content: 'x', uid: 1000, gid: 1000 }, // owner
      { name: 'app/new', content: 'added' }, // added ('app/old' removed)
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
    ];
    const a = await readLayerBlob(await layerFile('a', base));
    const b = await readLayerBlob(await layerFile('b', changed));
    const { files, moreFiles } = diffLayerFiles(a, b);
    expect(moreFiles).toBe(0);
    const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual([
      'app/data',
      'app/new',
      'app/old',
      'app/owned',
      'app/run.sh',
      'etc/app.conf',
    ]);
    expect(byPath['etc/app.conf']).toMatchObject({ change: 'changed', differences: ['content'] });
    expect(byPath['etc/app.conf']?.a?.sha256).toBe(sha('port=8080\n'));
    expect(byPath['etc/app.conf']?.b?.sha256).toBe(sha('port=9090\n'));
    expect(byPath['app/run.sh']).toMatchObject({ change: 'changed', differences: ['mode'] });
    expect(byPath['app/run.sh']?.b?.mode).toBe(0o700);
    expect(byPath['app/data']).toMatchObject({ change: 'changed', differences: ['mtime'] });
    expect(byPath['app/data']?.b?.mtime).toBe(1_700_000_000);
    expect(byPath['app/owned']).toMatchObject({ change: 'changed', differences: ['owner'] });
    expect(byPath['app/new']).toMatchObject({ change: 'added', a: null, b: { size: 5 } });
    expect(byPath['app/old']).toMatchObject({ change: 'removed', b: null, a: { size: 9 } });
  });

  it('finds nothing between two identical layers', async () => {
    const a = await readLayerBlob(await layerFile('same-a', base));
    const b = await readLayerBlob(await layerFile('same-b', base));
    expect(diffLayerFiles(a, b)).toEqual({ files: [], moreFiles: 0 });
  });

  it('reports size and content together when a file grows, and a symlink target change as link', async () => {
    const a = await readLayerBlob(await layerFile('grow-a', base));
    const grown = base.map((e) =>
      e.name === 'app/data'
        ? { ...e, content: 'same but longer' }
        : e.name === 'bin/sh'
          ? { ...e, linkname: '/bin/dash' }
          : e,
    );
    const b = await readLayerBlob(await layerFile('grow-b', grown));
    const { files } = diffLayerFiles(a, b);
    expect(files.map((f) => [f.path, f.differences])).toEqual([
      ['app/data', ['size', 'content']],
      ['bin/sh', ['link']],
    ]);
  });

  it('keeps at most the limit of files and counts the rest', async () => {
    const many = (v: string): Entry[] =>
      Array.from({ length: 30 }, (_, i) => ({ name: `f/${String(i).padStart(2, '0')}`, content: v }));
    const a = await readLayerBlob(await layerFile('many-a', many('a')));
    const b = await readLayerBlob(await layerFile('many-b', many('b')));
    const { files, moreFiles } = diffLayerFiles(a, b, 10);
    expect(files).toHaveLength(10);
    expect(files[0]?.path).toBe('f/00');
    expect(moreFiles).toBe(20);
  });
});

describe('diffing two image configs', () => {
  it('names the top-level fields and the config fields that differ', () => {
    const a = {
      architecture: 'amd64',
      created: '1970-01-01T00:00:00Z',
      config: { Env: ['A=1'], Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: ['sha256:1'] },
    };
    const b = {
      ...a,
      config: { Env: ['A=2'], Cmd: ['/bin/sh'] },
      rootfs: { ...a.rootfs, diff_ids: ['sha256:2'] },
    };
    expect(configDifferences(a, b)).toEqual(['config.Env', 'rootfs']);
    expect(configDifferences(a, { ...a })).toEqual([]);
  });
});

describe('comparing two rebuilt images', () => {
  const image = (digest: string, layers: { digest: string; file: string }[], config = {}) => ({
    digest,
    config,
    layers,
    dispose: async () => undefined,
  });

  it('pairs layers by position, reads only the pairs that differ, and lists the files of a layer only one image has', async () => {
    const changed = await layerFile('img-b1', [...base.slice(0, 1), { name: 'etc/app.conf', content: 'x' }]);
    const extra = await layerFile('img-b2', [{ name: 'srv/extra', content: 'e' }]);
    // The first layer is the same in both: its file does not exist, so reading it would fail.
    const missing = path.join(dir, 'never-read');
    const a = image('sha256:a', [
      { digest: 'sha256:l0', file: missing },
      { digest: 'sha256:l1', file: await layerFile('img-a1', base) },
    ]);
    const b = image('sha256:b', [
      { digest: 'sha256:l0', file: missing },
      { digest: 'sha256:l1b', file: changed },
      { digest: 'sha256:l2', file: extra },
    ]);
    const report = await compareBuiltImages(a, b, { executorImage: 'exec', now: 5 });
    expect(report).toMatchObject({
      reproducible: false,
      digestA: 'sha256:a',
      digestB: 'sha256:b',
      checkedAt: 5,
    });
    expect(report.layers.map((l) => [l.index, l.digestA, l.digestB, l.same])).toEqual([
      [0, 'sha256:l0', 'sha256:l0', true],
      [1, 'sha256:l1', 'sha256:l1b', false],
      [2, null, 'sha256:l2', false],
    ]);
    expect(report.layers[0]?.files).toEqual([]);
    expect(report.layers[1]?.files.find((f) => f.path === 'etc/app.conf')?.differences).toEqual([
      'size',
      'content',
    ]);
    expect(report.layers[1]?.files.filter((f) => f.change === 'removed').map((f) => f.path)).toContain(
      'bin/sh',
    );
    expect(report.layers[2]?.files).toMatchObject([{ path: 'srv/extra', change: 'added', a: null }]);
  });

  it('two equal images are reproducible, with every layer the same', async () => {
    const l = [{ digest: 'sha256:l0', file: path.join(dir, 'never-read') }];
    const report = await compareBuiltImages(
      image('sha256:x', l, { os: 'linux' }),
      image('sha256:x', l, { os: 'linux' }),
      {
        executorImage: 'exec',
        now: 1,
      },
    );
    expect(report.reproducible).toBe(true);
    expect(report.configDifferences).toEqual([]);
    expect(report.layers).toEqual([
      { index: 0, digestA: 'sha256:l0', digestB: 'sha256:l0', same: true, files: [], moreFiles: 0 },
    ]);
  });
});
