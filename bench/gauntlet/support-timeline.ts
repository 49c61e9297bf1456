import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../out/gauntlet-runs');

/** Keeps a failed run's event timeline (bench/out/gauntlet-runs/<case>-<seed>.txt) for whoever replays it. */
export function writeTimeline(caseName: string, seed: number, text: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, `${caseName}-${seed}.txt`), `${text}\n`);
}
