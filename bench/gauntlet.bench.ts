// The reliability gauntlet, full size: every case with its full run count against the real harness (rootless
// Podman service, htpasswd registry, real Kaniko). Run: npm run gauntlet (GAUNTLET_SEED=n replays a run,
// GAUNTLET_CASES=a,b narrows it). Writes bench/out/gauntlet.json and bench/out/gauntlet.md (the table).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { selectedCases } from './gauntlet/all-cases';
import { formatTable, gauntletSeed, runCase, type CaseSummary } from './gauntlet/gauntlet-case';
import { writeResults } from './support/results';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'out');

it('gauntlet: faults injected into real builds', async () => {
  const seed = gauntletSeed();
  console.log(`[gauntlet] seed ${seed} (replay with GAUNTLET_SEED=${seed})`);
  const rows: CaseSummary[] = [];
  let offset = 0;
  for (const c of selectedCases()) {
    const row = await runCase(c, c.fullRuns, seed + offset);
    offset += 1000;
    rows.push(row);
    console.log(
      `[gauntlet] ${row.name}: ${row.passed}/${row.runs} passed, ${row.leftBehind.length} left behind`,
    );
    for (const f of row.failures) console.log(`[gauntlet]   ${f}`);
  }
  const table = formatTable(rows);
  const described = rows.map((r) => `- **${r.name}**: ${r.description}`).join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'gauntlet.md'), `${table}\n\n${described}\n`);
  writeResults('gauntlet', { seed, rows });
  console.log(`\n${table}\n`);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.filter((r) => r.passed < r.runs).map((r) => `${r.name}: ${r.failures.join('; ')}`)).toEqual([]);
});
