import { APP_KILLED_CASE } from './app-killed';
import { ENGINE_KILLED_CASES } from './engine-killed';
import type { GauntletCase } from './gauntlet-case';
import { SOCKET_GONE_CASE } from './socket-gone';
import { STORAGE_FULL_CASE } from './storage-full';

/** Faults that take a part away: the engine, the app's server process, the socket, the disk. */
export const ENGINE_APP_CASES: GauntletCase[] = [
  ...ENGINE_KILLED_CASES,
  APP_KILLED_CASE,
  SOCKET_GONE_CASE,
  STORAGE_FULL_CASE,
];
