import { ENGINE_APP_CASES } from './engine-app-cases';
import type { GauntletCase } from './gauntlet-case';
import { REQUEST_REGISTRY_CASES } from './request-registry-cases';

export const ALL_CASES: GauntletCase[] = [...ENGINE_APP_CASES, ...REQUEST_REGISTRY_CASES];

/** GAUNTLET_CASES=name,name narrows a run to some cases (by name prefix). */
export function selectedCases(cases = ALL_CASES): GauntletCase[] {
  const wanted = (process.env.GAUNTLET_CASES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return wanted.length === 0 ? cases : cases.filter((c) => wanted.some((w) => c.name.startsWith(w)));
}
