// Builds the real Kaniko executor (and warmer) from source with Go, at exactly the release the app pulls by
// default (electron/shared/executor-release.json), and assembles an executor image laid out like Kaniko's own
// deploy/Dockerfile, from scratch: no image is pulled. Users need none of this (the app pulls the published
// image); the tests use it because no registry can be reached from the machines they run on.
//
//   node scripts/build-executor.mjs                     build (or reuse) the cached binaries and image rootfs
//   node scripts/build-executor.mjs --engine SOCKET     ... and import the image into that Podman API socket
//   node scripts/build-executor.mjs --print-dir         print the cache folder and exit
//
// The binaries are cached per machine outside the checkout, keyed by module and version
// ($KANIKO_EXECUTOR_CACHE, else $XDG_CACHE_HOME or ~/.cache, + /kaniko-desktop/executor/<module>@<version>),
// so a second run does not rebuild. Exit code 1 with the reason on any failure.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { pack as tarPack } from 'tar-stream';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const release = JSON.parse(readFileSync(path.join(root, 'electron/shared/executor-release.json'), 'utf8'));
export const EXECUTOR_IMAGE = `${release.image}:${release.version}`;

/** The folder that holds this release's binaries and image rootfs. */
export function executorCacheDir(env = process.env) {
  const base =
    env.KANIKO_EXECUTOR_CACHE ||
    path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kaniko-desktop', 'executor');
  return path.join(base, `${release.module.replaceAll('/', '_')}@${release.version}`);
}

// What Kaniko's deploy/Dockerfile sets on its final stage (kaniko-executor).
const IMAGE_CHANGES = [
  'ENV HOME=/root',
  'ENV USER=root',
  'ENV PATH=/usr/local/bin:/kaniko',
  'ENV SSL_CERT_DIR=/kaniko/ssl/certs',
  'ENV DOCKER_CONFIG=/kaniko/.docker/',
  'WORKDIR /workspace',
  'ENTRYPOINT ["/kaniko/executor"]',
  `LABEL io.kaniko-desktop.executor-source=${release.module}@${release.version}`,
];
const NSSWITCH = 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\n';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => {
      err += b;
      if (opts.echo) process.stderr.write(b);
    });
    child.on('error', (e) =>
      reject(
        new Error(`${cmd} could not be started: ${e.message}${cmd === 'go' ? ' (is Go installed?)' : ''}`),
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim()}`)),
    );
  });
}

async function sha256(file) {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

/** One build at a time per cache folder (parallel test runs share it): a lock folder, waited on. */
async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  await mkdir(path.dirname(dir), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 20 * 60_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock}`);
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** go mod download + go build of both commands, into `dir` (atomically: a temp folder renamed). */
async function buildBinaries(dir) {
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
  const started = Date.now();
  console.log(
    `[executor] building ${release.module}@${release.version} with ${(await run('go', ['version'])).trim()}`,
  );
  // `go install module/cmd@version` needs the module's version list, which proxies may refuse; downloading
  // the exact version and building inside it needs only that version.
  const info = JSON.parse(
    await run('go', ['mod', 'download', '-json', `${release.module}@${release.version}`], { env }),
  );
  if (info.Error) throw new Error(`go mod download: ${info.Error}`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'kd-executor-src-'));
  const staging = `${dir}.tmp-${process.pid}`;
  try {
    await cp(info.Dir, work, { recursive: true });
    await run('chmod', ['-R', 'u+w', work]);
    await mkdir(staging, { recursive: true });
    const ldflags = `-s -w -X ${release.versionPackage}.version=${release.version}`;
    for (const [name, pkg] of Object.entries(release.packages)) {
      await run('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', path.join(staging, name), pkg], {
        cwd: work,
        env,
        echo: true,
      });
    }
    const goVersion = (await run('go', ['env', 'GOVERSION'])).trim();
    const buildInfo = {
      module: release.module,
      version: release.version,
      go: goVersion,
      sum: info.Sum,
      builtAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
      sha256: Object.fromEntries(
        await Promise.all(
          Object.keys(release.packages).map(async (n) => [n, await sha256(path.join(staging, n))]),
        ),
      ),
    };
    await writeFile(path.join(staging, 'build-info.json'), `${JSON.stringify(buildInfo, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    console.log(`[executor] built in ${buildInfo.seconds} s`);
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/** The image's filesystem as a tar, laid out like Kaniko's own image (FROM scratch). */
async function writeRootfs(dir) {
  if (!existsSync(CA_BUNDLE))
    throw new Error(`${CA_BUNDLE} is missing (install the ca-certificates package)`);
  const tarball = path.join(dir, 'rootfs.tar');
  const pack = tarPack();
  const out = pipeline(pack, createWriteStream(`${tarball}.tmp`));
  const mtime = new Date(0);
  const entry = (header, body) =>
    new Promise((resolve, reject) =>
      pack.entry({ uid: 0, gid: 0, mtime, ...header }, body, (e) => (e ? reject(e) : resolve())),
    );
  for (const d of [
    'kaniko',
    'kaniko/ssl',
    'kaniko/ssl/certs',
    'kaniko/.docker',
    'etc',
    'workspace',
    'root',
    'tmp',
  ]) {
    const mode = d === 'kaniko' ? 0o777 : d === 'tmp' ? 0o1777 : 0o755;
    await entry({ name: `${d}/`, type: 'directory', mode });
  }
  for (const name of Object.keys(release.packages)) {
    await entry({ name: `kaniko/${name}`, mode: 0o755 }, await readFile(path.join(dir, name)));
  }
  await entry({ name: 'kaniko/ssl/certs/ca-certificates.crt', mode: 0o644 }, await readFile(CA_BUNDLE));
  await entry({ name: 'etc/nsswitch.conf', mode: 0o644 }, NSSWITCH);
  pack.finalize();
  await out;
  await rename(`${tarball}.tmp`, tarball);
  return tarball;
}

/** Makes sure the binaries and rootfs are cached; returns the cache folder. */
export async function ensureExecutorBuild() {
  const dir = executorCacheDir();
  return withLock(dir, async () => {
    const ok = (f) => existsSync(path.join(dir, f));
    if (!Object.keys(release.packages).every(ok) || !ok('build-info.json')) await buildBinaries(dir);
    if (!ok('rootfs.tar')) await writeRootfs(dir);
    return dir;
  });
}

/** Imports the cached rootfs as EXECUTOR_IMAGE into the Podman API at `socket` (remote import). */
export async function importExecutorImage(socket, dir = executorCacheDir()) {
  const url = socket.includes('://') ? socket : `unix://${socket}`;
  const args = ['--url', url, 'import', '--message', `built from ${release.module}@${release.version}`];
  for (const c of IMAGE_CHANGES) args.push('--change', c);
  await run('podman', [...args, path.join(dir, 'rootfs.tar'), EXECUTOR_IMAGE], { cwd: os.tmpdir() });
  return EXECUTOR_IMAGE;
}

async function main(argv) {
  if (argv.includes('--print-dir')) {
    console.log(executorCacheDir());
    return;
  }
  const dir = await ensureExecutorBuild();
  const info = JSON.parse(await readFile(path.join(dir, 'build-info.json'), 'utf8'));
  const size = (await stat(path.join(dir, 'executor'))).size;
  console.log(
    `[executor] ${release.module}@${info.version} (go ${info.go}, executor ${(size / 1e6).toFixed(1)} MB) in ${dir}`,
  );
  const i = argv.indexOf('--engine');
  if (i >= 0) {
    const socket = argv[i + 1];
    if (!socket) throw new Error('--engine needs a socket path');
    console.log(`[executor] imported ${await importExecutorImage(socket, dir)} into ${socket}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`[executor] build failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
