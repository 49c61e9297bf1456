import { expect, test } from 'vitest';
import { Redactor } from '../../../electron/core/redactor';

test('redacts the secret, its base64, and base64 of user:secret', () => {
  const r = new Redactor();
  r.add('dckr_pat_abc123', { username: 'alice' });
  const b64 = Buffer.from('dckr_pat_abc123').toString('base64');
  const auth = Buffer.from('alice:dckr_pat_abc123').toString('base64');
  const out = r.redact(`token dckr_pat_abc123 b64 ${b64} auth ${auth}`);
  expect(out).not.toContain('dckr_pat_abc123');
  expect(out).not.toContain(b64);
  expect(out).not.toContain(auth);
  expect(out).toContain('token ••••••');
});

test('regex metacharacters in secrets are literal, deep values are redacted', () => {
  const r = new Redactor();
  r.add('a.b*c(d)');
  expect(r.redact('aXbbc(d) a.b*c(d)')).toBe('aXbbc(d) ••••••');
  expect(r.redactDeep({ list: ['a.b*c(d)'], n: 1 })).toEqual({ list: ['••••••'], n: 1 });
});
