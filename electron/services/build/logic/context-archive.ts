import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pack as tarPack, type Pack } from 'tar-stream';
import { listContextEntries, type ContextEntry, type ContextListOptions } from './context-files';
import { changeFromPackerError, contextChangedError, firstChange, snapshotEntries } from './context-snapshot';

export { listContextEntries, listContextFiles, type ContextEntry } from './context-files';

type HeaderArgument = Parameters<Pack['entry']>[0];

/**
 * Streams the build context as a tar, entries relative to the context root (it is extracted into
 * /workspace), owned by 0:0 as `docker build` sends them, symlinks stored as links.
 *
 * Packer choice: GNU tar when it is on PATH, fed the exact list with `--null --files-from=-
 * --no-recursion`, because it packs ~10x faster than Node (measured: 113 MB / 5,000 files in
 * 0.14 s vs ~1.4 s for tar-fs/tar-stream). Elsewhere (macOS/Windows ship bsdtar, whose flags
 * differ) the tar-stream packer below produces the same entries.
 */

export type ArchiveMethod = 'gnu-tar' | 'node';

export interface ContextArchiveOptions extends ContextListOptions {
  /** 'auto' (default) uses GNU tar when available, else Node. */
  method?: ArchiveMethod | 'auto';
  /** Executable used for the GNU tar method; default 'tar'. */
  tarCommand?: string;
}

export interface ContextArchive {
  /** The tar bytes. Errors (unreadable file, tar failure) arrive as a stream error. */
  stream: Readable;
  /** Paths of the files and symlinks sent (folders are sent too, but not listed), once known. */
  files: Promise<string[]>;
  /** Which packer produced the stream. */
  method: Promise<ArchiveMethod>;
}

export function createContextArchive(contextDir: string, opts: ContextArchiveOptions = {}): ContextArchive {
  const root = path.resolve(contextDir);
  const out = new PassThrough();
  const entriesP = listContextEntries(root, opts);
  const files = entriesP.then((list) => list.filter((e) => e.type !== 'directory').map((e) => e.path));
  const method = entriesP.then(() => chooseMethod(opts));
  // Callers may only read the stream; keep an unobserved rejection from crashing the process.
  files.catch(() => undefined);
  method.catch(() => undefined);

  void (async () => {
    const entries = await entriesP;
    const chosen = await method;
    if (out.destroyed) return;
    // The folder may change while it is packed (an editor saving, a tool writing output): what was sent
    // is checked against the listing once the packer is done, so a mix of before and after never builds.
    const before = await snapshotEntries(root, entries);
    const finish: Finish = () =>
      listContextEntries(root, opts)
        .then((again) => snapshotEntries(root, again))
        .then((after) => {
          const change = firstChange(before, after);
          if (change) out.destroy(contextChangedError(change));
          else out.end();
        })
        .catch((err: unknown) => fail(root, out, err));
    if (chosen === 'gnu-tar') packWithGnuTar(root, entries, out, opts.tarCommand ?? 'tar', finish);
    else await packWithNode(root, entries, out, finish).catch((err: unknown) => fail(root, out, err));
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));

  return { stream: out, files, method };
}

/** Ends the archive once the packer is done: after checking that the folder stayed the same. */
type Finish = () => Promise<void>;

/** A packer failure (the listing went well): the folder changing under it gets its own clear error. */
function fail(root: string, out: PassThrough, err: unknown): void {
  if (out.destroyed) return;
  const e = err instanceof Error ? err : new Error(String(err));
  const change = changeFromPackerError(root, e);
  out.destroy(change ? contextChangedError(change) : e);
}

async function chooseMethod(opts: ContextArchiveOptions): Promise<ArchiveMethod> {
  const wanted = opts.method ?? 'auto';
  if (wanted !== 'auto') return wanted;
  return (await isGnuTar(opts.tarCommand ?? 'tar')) ? 'gnu-tar' : 'node';
}

/** True when `cmd --version` identifies GNU tar (bsdtar lacks --verbatim-files-from and --owner). */
export function isGnuTar(cmd = 'tar'): Promise<boolean> {
  return new Promise((resolve) => {
    let text = '';
    const child = spawn(cmd, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0 && /GNU tar/.test(text)));
  });
}

function packWithGnuTar(
  root: string,
  entries: ContextEntry[],
  out: PassThrough,
  cmd: string,
  finish: Finish,
): void {
  const child = spawn(
    cmd,
    [
      '--create',
      '--file=-',
      `--directory=${root}`,
      '--format=gnu',
      '--numeric-owner',
      '--owner=0',
      '--group=0',
      '--no-recursion',
      '--null',
      // Names are taken literally: one starting with '-' is a file, not an option.
      '--verbatim-files-from',
      '--files-from=-',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let finished = false;
  child.stderr.on('data', (b: Buffer) => {
    if (stderr.length < 4096) stderr += b.toString();
  });
  child.stdout.pipe(out, { end: false });
  child.on('error', (err) => out.destroy(err));
  child.on('close', (code, signal) => {
    finished = true;
    if (code === 0) void finish();
    else
      fail(
        root,
        out,
        new Error(`Packing the build context failed (tar ${signal ?? `exit ${code}`}): ${stderr.trim()}`),
      );
  });
  // The consumer went away (build cancelled): stop tar too.
  out.on('close', () => {
    if (!finished) child.kill();
  });
  child.stdin.on('error', () => undefined); // tar exiting early surfaces through 'close'
  child.stdin.end(entries.map((e) => e.path + (e.type === 'directory' ? '/' : '')).join('\0') + '\0');
}

async function packWithNode(
  root: string,
  entries: ContextEntry[],
  out: PassThrough,
  finish: Finish,
): Promise<void> {
  const pack = tarPack();
  pack.on('error', (err: Error) => fail(root, out, err));
  // The consumer went away (build cancelled): stop packing; the loop below sees `out.destroyed`.
  out.on('close', () => pack.destroy());
  // Piped by hand: the archive ends only after finish() has checked the folder.
  pack.on('data', (chunk: unknown) => {
    if (!out.write(chunk as Buffer)) pack.pause();
  });
  out.on('drain', () => pack.resume());
  pack.on('end', () => void finish());
  for (const entry of entries) {
    if (out.destroyed) return;
    const abs = path.join(root, ...entry.path.split('/'));
    const st = await lstat(abs);
    const base: HeaderArgument = {
      name: entry.type === 'directory' ? `${entry.path}/` : entry.path,
      mode: st.mode & 0o7777,
      mtime: st.mtime,
      uid: 0,
      gid: 0,
    };
    if (entry.type === 'directory') await addEntry(pack, { ...base, type: 'directory' });
    else if (entry.type === 'symlink')
      await addEntry(pack, { ...base, type: 'symlink', linkname: await readlink(abs) });
    else await addFile(pack, { ...base, type: 'file', size: st.size }, abs);
  }
  pack.finalize();
}

function addEntry(pack: Pack, header: HeaderArgument): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry(header, (err) => (err ? reject(err) : resolve()));
  });
}

/** Streams one file into the archive; the entry callback fires once all its bytes are written. */
function addFile(pack: Pack, header: HeaderArgument, abs: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
    const source = createReadStream(abs);
    source.on('error', (err) => {
      sink.destroy(err);
      reject(err);
    });
    sink.on('error', (err: Error) => {
      source.destroy();
      reject(err);
    });
    source.pipe(sink);
  });
}
