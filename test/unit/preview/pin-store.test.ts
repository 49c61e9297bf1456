import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { PinStore } from '../../../electron/services/preview/pin-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kd-pins-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('pins persist across instances and stale ids are forgotten', async () => {
  const a = new PinStore(path.join(dir, 'data'));
  await a.set('c1', true);
  await a.set('c2', true);
  await a.set('c2', false);
  const b = new PinStore(path.join(dir, 'data'));
  expect(await b.has('c1')).toBe(true);
  expect(await b.has('c2')).toBe(false);
  await b.retain(new Set(['other']));
  expect(JSON.parse(await readFile(path.join(dir, 'data', 'pinned-previews.json'), 'utf8'))).toEqual({
    pinned: [],
  });
});
