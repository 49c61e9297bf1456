import {
  chmodSync,
  chownSync,
  lchownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createContextArchive,
  isGnuTar,
  listContextEntries,
  listContextFiles,
} from '../../../electron/services/build/logic/context-archive';

interface TarEntry {
  name: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  linkname: string | null;
  content: string;
}

async function readTar(stream: Readable): Promise<TarEntry[]> {
  const ex = extract();
  const out: TarEntry[] = [];
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: unknown) => {
        chunks.push(c as Buffer);
      });
      body.on('end', () => {
        out.push({
          name: header.name,
          type: header.type,
          mode: header.mode & 0o777,
          uid: header.uid,
          gid: header.gid,
          linkname: header.linkname ?? null,
          content: Buffer.concat(chunks).toString('utf8'),
        });
        next();
      });
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    stream.on('error', reject);
  });
  stream.pipe(ex);
  await done;
  return out;
}

let root = '';
let ctx = '';
const LONG = `${'d'.repeat(60)}/${'f'.repeat(80)}.txt`;

function write(rel: string, content = rel) {
  const abs = path.join(ctx, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kd-context-'));
  ctx = path.join(root, 'ctx');
  mkdirSync(ctx);
  writeFileSync(path.join(root, 'secret.txt'), 'outside the context');
  write('Dockerfile', 'FROM alpine\nCOPY . /app\n');
  write(
    '.dockerignore',
    [
      '# build context rules',
      '*.md',
      '!README.md',
      'node_modules',
      'build',
      '!build/keep.txt',
      'Dockerfile',
      '.dockerignore',
      'secrets/',
      '*.log',
    ].join('\n'),
  );
  write('README.md');
  write('NOTES.md');
  write('docs/guide.md'); // *.md is anchored at the root: kept
  write('app.log');
  write('logs/deep.log'); // *.log is root-only too: kept
  write('node_modules/pkg/index.js');
  write('build/out.bin');
  write('build/keep.txt');
  write('secrets/token');
  write('src/main.js', 'console.log(1)');
  write('-rf', 'dash');
  write('with space.txt');
  write('ünïcode.txt');
  write(LONG);
  write('bin/run.sh', '#!/bin/sh\necho hi\n');
  chmodSync(path.join(ctx, 'bin/run.sh'), 0o755);
  mkdirSync(path.join(ctx, 'empty'));
  symlinkSync('../secret.txt', path.join(ctx, 'link-out'));
  symlinkSync(root, path.join(ctx, 'link-dir'));
  symlinkSync('src/main.js', path.join(ctx, 'link-in'));
  // As root (CI), give some entries another owner so the archive's 0:0 is really asserted.
  if (process.getuid?.() === 0) {
    chownSync(path.join(ctx, 'src'), 1000, 1000);
    chownSync(path.join(ctx, 'src/main.js'), 1000, 1000);
    lchownSync(path.join(ctx, 'link-in'), 1000, 1000);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const EXPECTED_FILES = [
  '-rf',
  '.dockerignore',
  'Dockerfile',
  'README.md',
  'bin/run.sh',
  'build/keep.txt',
  `${LONG}`,
  'docs/guide.md',
  'link-dir',
  'link-in',
  'link-out',
  'logs/deep.log',
  'src/main.js',
  'with space.txt',
  'ünïcode.txt',
].sort();

describe('listContextEntries', () => {
  it('applies .dockerignore the Docker way and always keeps the build files', async () => {
    expect((await listContextFiles(ctx)).sort()).toEqual(EXPECTED_FILES);
  });

  it('lists folders before their contents, including re-entered excluded folders and empty ones', async () => {
    const entries = await listContextEntries(ctx);
    const dirs = entries.filter((e) => e.type === 'directory').map((e) => e.path);
    expect(dirs).toEqual(['bin', 'build', 'd'.repeat(60), 'docs', 'empty', 'logs', 'src']);
    const index = (p: string) => entries.findIndex((e) => e.path === p);
    expect(index('build')).toBeLessThan(index('build/keep.txt'));
    expect(entries.find((e) => e.path === 'link-dir')?.type).toBe('symlink');
  });

  it('keeps a Dockerfile in a subfolder even when its folder is ignored', async () => {
    const files = await listContextFiles(ctx, { dockerfile: 'secrets/token' });
    expect(files).toContain('secrets/token');
    expect(files).not.toContain('secrets/other');
  });

  it('rejects a missing context folder', async () => {
    await expect(listContextFiles(path.join(root, 'nope'))).rejects.toThrow(/ENOENT/);
  });
});

describe.each(['gnu-tar', 'node'] as const)('createContextArchive (%s)', (method) => {
  it('streams exactly the listed entries, relative to the context, owned by root', async (t) => {
    if (method === 'gnu-tar' && !(await isGnuTar())) t.skip();
    const archive = createContextArchive(ctx, { method });
    const entries = await readTar(archive.stream);
    expect(await archive.method).toBe(method);
    expect((await archive.files).sort()).toEqual(EXPECTED_FILES);

    const files = entries.filter((e) => e.type !== 'directory').map((e) => e.name);
    expect(files.sort()).toEqual(EXPECTED_FILES);
    const dirs = entries.filter((e) => e.type === 'directory').map((e) => e.name.replace(/\/$/, ''));
    expect(dirs).toEqual(['bin', 'build', 'd'.repeat(60), 'docs', 'empty', 'logs', 'src']);
    expect(entries.every((e) => e.uid === 0 && e.gid === 0)).toBe(true);
    expect(entries.every((e) => !e.name.startsWith('/') && !e.name.startsWith('./'))).toBe(true);
  });

  it('keeps contents and modes, and stores symlinks as links without following them', async (t) => {
    if (method === 'gnu-tar' && !(await isGnuTar())) t.skip();
    const entries = await readTar(createContextArchive(ctx, { method }).stream);
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(byName.get('src/main.js')?.content).toBe('console.log(1)');
    expect(byName.get('-rf')?.content).toBe('dash');
    expect(byName.get(LONG)?.content).toBe(LONG);
    expect(byName.get('bin/run.sh')?.mode).toBe(0o755);
    expect(byName.get('link-out')).toMatchObject({ type: 'symlink', linkname: '../secret.txt', content: '' });
    expect(byName.get('link-dir')).toMatchObject({ type: 'symlink', linkname: root });
    expect(byName.get('link-in')).toMatchObject({ type: 'symlink', linkname: 'src/main.js' });
    expect(entries.some((e) => e.content === 'outside the context')).toBe(false);
  });

  it('fails the stream and the file list when the context is missing', async () => {
    const archive = createContextArchive(path.join(root, 'missing'), { method });
    await expect(readTar(archive.stream)).rejects.toThrow(/ENOENT/);
    await expect(archive.files).rejects.toThrow(/ENOENT/);
  });
});

describe('createContextArchive method choice', () => {
  it('picks GNU tar when available and falls back to Node when the command is missing', async () => {
    const auto = createContextArchive(ctx);
    await readTar(auto.stream);
    expect(await auto.method).toBe((await isGnuTar()) ? 'gnu-tar' : 'node');

    const fallback = createContextArchive(ctx, { tarCommand: path.join(root, 'no-such-tar') });
    const entries = await readTar(fallback.stream);
    expect(await fallback.method).toBe('node');
    expect(
      entries
        .filter((e) => e.type !== 'directory')
        .map((e) => e.name)
        .sort(),
    ).toEqual(EXPECTED_FILES);
  });

  it('reports a tar failure as a stream error', async () => {
    const archive = createContextArchive(ctx, {
      method: 'gnu-tar',
      tarCommand: path.join(root, 'no-such-tar'),
    });
    await expect(readTar(archive.stream)).rejects.toThrow(/ENOENT|tar/);
  });
});

describe('cancelling', () => {
  it.for(['gnu-tar', 'node'] as const)(
    'stops packing (%s) when the consumer destroys the stream',
    async (method, t) => {
      if (method === 'gnu-tar' && !(await isGnuTar())) t.skip();
      const big = path.join(root, `big-${method}`);
      mkdirSync(big);
      for (let i = 0; i < 200; i++) writeFileSync(path.join(big, `f${i}`), Buffer.alloc(256 * 1024, i));
      const archive = createContextArchive(big, { method });
      const errors: unknown[] = [];
      archive.stream.on('error', (e) => errors.push(e));
      await new Promise<void>((resolve) => archive.stream.once('data', () => resolve()));
      archive.stream.destroy();
      await new Promise((r) => setTimeout(r, 300));
      expect(errors).toEqual([]);
      const running = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      expect(running).not.toContain(`--directory=${big}`);
    },
  );
});

describe('a folder that changes while it is packed', () => {
  /** A context whose first file is big enough that the packer is still busy when the change comes. */
  function changingContext(name: string): string {
    const dir = path.join(root, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, '.dockerignore'), 'ignored/\n');
    writeFileSync(path.join(dir, 'a.bin'), Buffer.alloc(4 * 1024 * 1024, 1));
    writeFileSync(path.join(dir, 'z.txt'), 'last');
    return dir;
  }

  /** Packs `dir`, applies `change` once the first bytes came out, then reads the rest. */
  async function packWhile(dir: string, method: 'gnu-tar' | 'node', change: () => void) {
    const archive = createContextArchive(dir, { method });
    archive.stream.pause();
    await new Promise<void>((resolve) => archive.stream.once('readable', () => resolve()));
    change();
    return readTar(archive.stream);
  }

  const changes: [string, (dir: string) => void, RegExp][] = [
    ['a file added', (d) => writeFileSync(path.join(d, 'new.txt'), 'new'), /new\.txt was added/],
    ['a file removed', (d) => rmSync(path.join(d, 'z.txt')), /z\.txt/],
    ['a file rewritten', (d) => writeFileSync(path.join(d, 'z.txt'), 'other content'), /z\.txt/],
  ];
  for (const method of ['gnu-tar', 'node'] as const) {
    for (const [what, change, names] of changes) {
      it(`${what} (${method}): the archive fails with CONFLICT, never a mix of before and after`, async (t) => {
        if (method === 'gnu-tar' && !(await isGnuTar())) t.skip();
        const dir = changingContext(`changing-${method}-${what.replace(/ /g, '-')}`);
        const err = await packWhile(dir, method, () => change(dir)).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toMatchObject({ code: 'CONFLICT' });
        expect((err as Error).message).toMatch(/^The build folder changed while it was being sent \(.+\)\.$/);
        expect((err as Error).message).toMatch(names);
      });
    }

    it(`an ignored file coming and going (${method}) changes nothing that is sent: the archive completes`, async (t) => {
      if (method === 'gnu-tar' && !(await isGnuTar())) t.skip();
      const dir = changingContext(`ignored-${method}`);
      const entries = await packWhile(dir, method, () => {
        mkdirSync(path.join(dir, 'ignored'));
        writeFileSync(path.join(dir, 'ignored', 'out.log'), 'build output');
      });
      expect(entries.map((e) => e.name).sort()).toEqual(['.dockerignore', 'a.bin', 'z.txt']);
    });
  }
});
