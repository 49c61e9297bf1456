// The gauntlet's reduced set (each case's reducedRuns, a few minutes in all): the same cases as
// `npm run gauntlet`, so a regression in fault handling fails `npm test`. GAUNTLET_SEED replays a run.
import { describe, expect, it } from 'vitest';
import { selectedCases } from '../../../bench/gauntlet/all-cases';
import { gauntletSeed, runCase } from '../../../bench/gauntlet/gauntlet-case';

const seed = gauntletSeed();
const cases = selectedCases().filter((c) => c.reducedRuns > 0);

describe(`gauntlet, reduced (seed ${seed})`, () => {
  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  cases.forEach((c, i) => {
    it(`${c.name} × ${c.reducedRuns}`, { timeout: 10 * 60_000 }, async () => {
      const row = await runCase(c, c.reducedRuns, seed + i * 1000);
      expect(row.failures).toEqual([]);
      expect(row.leftBehind).toEqual([]);
      expect(row.passed).toBe(c.reducedRuns);
    });
  });
});
