import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BigContext {
  dir: string;
  totalFiles: number;
  totalBytes: number;
  /** Files (relative paths) and bytes that .dockerignore keeps. */
  keptFiles: string[];
  keptBytes: number;
  ignoredFiles: number;
  ignoredBytes: number;
  /** Top-level folder .dockerignore excludes. */
  ignoredDir: string;
}

/**
 * A context like a web project's: `src/` and `assets/` that are sent, and a `node_modules/` (40 % of
 * the bytes and files) that `.dockerignore` excludes, plus a few ignored `*.log` files. File sizes vary
 * from 1 to ~40 KB (random, incompressible bytes), deterministic in count and total size.
 */
export function makeBigContext(dir: string, files = 5_000, bytes = 100 * 1024 * 1024): BigContext {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const ignoredDir = 'node_modules';
  const dockerfile = 'FROM localhost/kd-busybox:latest\nCOPY src /srv/src\n';
  const dockerignore = `${ignoredDir}\n**/*.log\n`;
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(path.join(dir, '.dockerignore'), dockerignore);
  const small = dockerfile.length + dockerignore.length;
  const avg = Math.floor(bytes / files);
  const pool = randomBytes(2 * avg + 1024);
  const ctx: BigContext = {
    dir,
    totalFiles: 2,
    totalBytes: small,
    keptFiles: ['Dockerfile', '.dockerignore'],
    keptBytes: small,
    ignoredFiles: 0,
    ignoredBytes: 0,
    ignoredDir,
  };
  for (let i = 0; i < files - 2; i++) {
    // sizes avg ± 95 %, alternating so the total stays at files × avg
    const spread = Math.floor(avg * 0.95 * (((i * 7919) % 1000) / 1000));
    const size = i % 2 === 0 ? avg + spread : avg - spread;
    const ignored = i % 5 < 2; // 40 %
    const rel = ignored
      ? `${ignoredDir}/pkg${i % 97}/lib/file${i}.js`
      : i % 50 === 3
        ? `src/logs/run${i}.log`
        : `${i % 3 === 0 ? 'assets' : 'src'}/dir${i % 41}/file${i}.bin`;
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    const offset = (i * 131) % 1024;
    writeFileSync(abs, pool.subarray(offset, offset + size));
    ctx.totalFiles++;
    ctx.totalBytes += size;
    if (ignored || rel.endsWith('.log')) {
      ctx.ignoredFiles++;
      ctx.ignoredBytes += size;
    } else {
      ctx.keptFiles.push(rel);
      ctx.keptBytes += size;
    }
  }
  return ctx;
}
