import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../out');

/** Writes a benchmark's raw results to bench/out/NAME.json (gitignored), with the machine it ran on. */
export function writeResults(name: string, data: unknown): string {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.json`);
  const machine = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  writeFileSync(file, JSON.stringify({ machine, ...(data as object) }, null, 2));
  return file;
}
