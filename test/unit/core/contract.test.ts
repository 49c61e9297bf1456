import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { events, IPC, requests } from '../../../electron/shared/contract';

const dir = path.resolve(__dirname, '../../../electron/shared/contract');

/** Every domain file's `xxxRequests` / `xxxEvents` objects. */
async function domainObjects(suffix: 'Requests' | 'Events'): Promise<Record<string, object>[]> {
  const files = (await readdir(dir)).filter(
    (f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'define.ts',
  );
  const out: Record<string, object>[] = [];
  for (const f of files) {
    const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (name.endsWith(suffix) && value && typeof value === 'object')
        out.push(value as Record<string, object>);
    }
  }
  return out;
}

test.each(['Requests', 'Events'] as const)(
  'every domain %s is merged into the contract and no name is declared twice',
  async (suffix) => {
    const merged = suffix === 'Requests' ? requests : events;
    const names = (await domainObjects(suffix)).flatMap((o) => Object.keys(o));
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(Object.keys(merged).sort());
  },
);

test('request and event names are namespaced as domain.action', () => {
  for (const name of [...Object.keys(requests), ...Object.keys(events)])
    expect(name).toMatch(/^[a-z]+(\.[a-zA-Z]+)+$/);
});

test('IPC channel names are distinct', () => {
  const channels = Object.values(IPC);
  expect(new Set(channels).size).toBe(channels.length);
});
