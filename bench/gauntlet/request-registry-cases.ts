import { cancelRandomCase } from './cancel-random';
import { concurrencyCase } from './concurrency';
import { contextChangeCase } from './context-change';
import type { GauntletCase } from './gauntlet-case';
import { invalidRequestsCase } from './invalid-requests';
import { registryTroubleCase } from './registry-trouble';

/** Faults from outside and from the user: registry trouble, cancels, concurrency, changing contexts, bad input. */
export const REQUEST_REGISTRY_CASES: GauntletCase[] = [
  registryTroubleCase,
  cancelRandomCase,
  concurrencyCase,
  contextChangeCase,
  invalidRequestsCase,
];
