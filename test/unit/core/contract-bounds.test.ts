import { expect, test } from 'vitest';
import type { z } from 'zod';
import { requests } from '../../../electron/shared/contract';

interface Check {
  _zod: { def: { check: string; maximum?: number; length?: number } };
}
interface Internals {
  _zod: { def: Record<string, unknown> & { type: string; checks?: Check[] } };
}

const LIMIT = 64 * 1024;

/**
 * Every string and array a page can send, with the path that reaches it, where it has no maximum
 * (or one above LIMIT). Literals, enums, numbers and booleans are bounded by nature.
 */
function unbounded(schema: z.ZodType, at: string, out: string[]): void {
  const { def } = (schema as unknown as Internals)._zod;
  const child = (s: unknown, sub: string) => unbounded(s as z.ZodType, sub, out);
  switch (def.type) {
    case 'string':
    case 'array':
      if (maximum(def.checks ?? []) > LIMIT) out.push(`${at} (${def.type})`);
      if (def.type === 'array') child(def.element, `${at}[]`);
      return;
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) child(v, `${at}.${k}`);
      if (def.catchall && (def.catchall as Internals)._zod.def.type !== 'never')
        out.push(`${at}.* (catchall)`);
      return;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      child(def.innerType, at);
      return;
    case 'pipe':
      child(def.in, at);
      return;
    case 'union':
      (def.options as unknown[]).forEach((o, i) => child(o, `${at}|${i}`));
      return;
    case 'record':
    case 'map':
    case 'set':
    case 'unknown':
    case 'any':
      out.push(`${at} (${def.type})`);
      return;
    default:
      return;
  }
}

/** The smallest max_length / length_equals check (Infinity when there is none). */
function maximum(checks: Check[]): number {
  const limits = checks.map(({ _zod: { def } }) =>
    def.check === 'max_length'
      ? (def.maximum ?? Infinity)
      : def.check === 'length_equals'
        ? (def.length ?? Infinity)
        : Infinity,
  );
  return Math.min(Infinity, ...limits);
}

test('the contract walker sees an unbounded string and a bounded one', async () => {
  const { z: zod } = await import('zod');
  const found: string[] = [];
  unbounded(
    zod.object({ a: zod.string(), b: zod.string().max(3), c: zod.array(zod.string().max(1)) }),
    'p',
    found,
  );
  expect(found).toEqual(['p.a (string)', 'p.c (array)']);
});

test('every string and array a page can send has a sane maximum length', () => {
  const found: string[] = [];
  for (const [name, def] of Object.entries(requests)) unbounded(def.params, name, found);
  expect(found).toEqual([]);
});
