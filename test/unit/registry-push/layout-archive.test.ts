import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pack as tarPack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  extractOciLayoutArchive,
  layoutTarget,
  removeStaleLayoutFolders,
  STALE_LAYOUT_MS,
} from '../../../electron/services/registry-push/layout-archive';
import { expectAppError } from '../../support/expect-app-error';
import { writeFixtureLayout } from '../../support/oci-fixture';

let src: string;
let tmpRoot: string;
beforeEach(async () => {
  src = await mkdtemp(path.join(os.tmpdir(), 'kd-src-'));
  tmpRoot = await mkdtemp(path.join(os.tmpdir(), 'kd-tmproot-'));
});
afterEach(async () => {
  await rm(src, { recursive: true, force: true });
  await rm(tmpRoot, { recursive: true, force: true });
});

type Entry = { name: string; content?: Buffer; type?: 'file' | 'directory' | 'symlink'; linkname?: string };

/** A tar stream shaped like getArchive's answer for `<out>/oci`: every name under `oci/`. */
function tarOf(entries: Entry[]): Readable {
  const pack = tarPack();
  for (const e of entries) {
    if (e.type === 'directory') pack.entry({ name: e.name, type: 'directory' });
    else if (e.type === 'symlink') pack.entry({ name: e.name, type: 'symlink', linkname: e.linkname ?? '/' });
    else pack.entry({ name: e.name }, e.content ?? Buffer.alloc(0));
  }
  pack.finalize();
  return pack as unknown as Readable;
}

async function layoutEntries(dir: string): Promise<Entry[]> {
  const entries: Entry[] = [{ name: 'oci/', type: 'directory' }];
  for (const f of ['oci-layout', 'index.json']) {
    entries.push({ name: `oci/${f}`, content: await readFile(path.join(dir, f)) });
  }
  for (const hex of await readdir(path.join(dir, 'blobs', 'sha256'))) {
    entries.push({
      name: `oci/blobs/sha256/${hex}`,
      content: await readFile(path.join(dir, 'blobs', 'sha256', hex)),
    });
  }
  return entries;
}

describe('unpacking the layout the engine hands back', () => {
  it('writes the layout into a private 0700 folder and reads the image from it', async () => {
    const f = await writeFixtureLayout(src, { layers: [Buffer.alloc(300_000, 7)] });
    const out = await extractOciLayoutArchive(tarOf(await layoutEntries(src)), { tmpRoot });
    expect(path.dirname(out.dir)).toBe(tmpRoot);
    expect((await stat(out.dir)).mode & 0o777).toBe(0o700);
    expect(out.image.manifest.digest).toBe(f.manifestDigest);
    expect(out.image.blobs.map((b) => b.digest)).toEqual([f.config.digest, f.layers[0]?.digest]);
    const blobMode = (await stat(out.image.blobs[1]?.file ?? '')).mode & 0o777;
    expect(blobMode).toBe(0o600);
    await out.dispose();
    expect(existsSync(out.dir)).toBe(false);
  });

  it('a blob whose bytes do not match its name is refused and the folder is removed', async () => {
    const f = await writeFixtureLayout(src, { layers: [Buffer.from('real layer')] });
    const entries = await layoutEntries(src);
    const layer = entries.find((e) => e.name.endsWith(f.layers[0]?.digest.slice(7) ?? '-'));
    if (layer) layer.content = Buffer.from('fake layer');
    const e = await expectAppError(extractOciLayoutArchive(tarOf(entries), { tmpRoot }));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain(`blob ${f.layers[0]?.digest} does not match its digest`);
    expect(await readdir(tmpRoot)).toEqual([]);
  });

  it('skips links and names outside the layout, never writing outside its folder', async () => {
    await writeFixtureLayout(src);
    const entries = [
      ...(await layoutEntries(src)),
      { name: 'oci/../../escaped', content: Buffer.from('x') },
      { name: 'oci/blobs/sha256/../../../escaped2', content: Buffer.from('x') },
      { name: 'oci/blobs/sha256/link', type: 'symlink' as const, linkname: '/etc/passwd' },
      { name: 'oci/notes.txt', content: Buffer.from('x') },
      // The same blob twice (a tar appended to): the first copy is kept, the second skipped.
      ...(await layoutEntries(src)).filter((e) => e.name.includes('/blobs/sha256/')),
    ];
    const out = await extractOciLayoutArchive(tarOf(entries), { tmpRoot });
    expect(await readdir(tmpRoot)).toEqual([path.basename(out.dir)]);
    expect((await readdir(out.dir)).sort()).toEqual(['blobs', 'index.json', 'oci-layout']);
    await out.dispose();
  });

  it('a tar that is not a layout gives a clear error', async () => {
    const e = await expectAppError(
      extractOciLayoutArchive(tarOf([{ name: 'out/digest', content: Buffer.from('sha256:abc') }]), {
        tmpRoot,
      }),
    );
    expect(e.message).toMatch(/oci-layout is missing \(not an OCI image layout\)/);
    expect(await readdir(tmpRoot)).toEqual([]);
  });

  it('cancelling stops the extraction and removes the folder', async () => {
    await writeFixtureLayout(src, { layers: [Buffer.alloc(2_000_000, 1)] });
    const ac = new AbortController();
    const tar = tarOf(await layoutEntries(src));
    ac.abort();
    const e = await expectAppError(
      extractOciLayoutArchive(tar, { tmpRoot, signal: ac.signal, registry: 'r.example' }),
    );
    expect(e.code).toBe('CANCELLED');
    expect(await readdir(tmpRoot)).toEqual([]);
  });

  it('maps tar names to layout files', () => {
    expect(layoutTarget('oci/index.json')).toEqual({ kind: 'meta', name: 'index.json' });
    expect(layoutTarget('./oci-layout')).toEqual({ kind: 'meta', name: 'oci-layout' });
    expect(layoutTarget(`oci/blobs/sha256/${'a'.repeat(64)}`)).toEqual({ kind: 'blob', hex: 'a'.repeat(64) });
    expect(layoutTarget(`oci/blobs/sha512/${'a'.repeat(64)}`)).toBeNull();
    expect(layoutTarget(`oci/blobs/sha256/${'A'.repeat(64)}`)).toBeNull();
    expect(layoutTarget('oci/sub/index.json')).toBeNull();
  });
});

describe('layout folders a crashed push left behind', () => {
  it('removes this app’s folders older than the limit, and nothing else', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'kd-stale-'));
    try {
      const old = Date.now() - STALE_LAYOUT_MS - 60_000;
      for (const name of ['kd-oci-old', 'kd-oci-new', 'other-old']) {
        mkdirSync(path.join(root, name, 'blobs'), { recursive: true });
      }
      writeFileSync(path.join(root, 'kd-oci-file'), 'not a folder');
      for (const name of ['kd-oci-old', 'other-old', 'kd-oci-file']) {
        utimesSync(path.join(root, name), old / 1000, old / 1000);
      }
      const removed = await removeStaleLayoutFolders(root);
      expect(removed).toEqual([path.join(root, 'kd-oci-old')]);
      expect(readdirSync(root).sort()).toEqual(['kd-oci-file', 'kd-oci-new', 'other-old']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
