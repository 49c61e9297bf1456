import { describe, expect, test } from 'vitest';
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

describe('every encoding a credential travels in', () => {
  const SECRET = 'dckr_pat_Z9"x\\y/+q>>?~~';
  const USER = 'alice';
  const redactor = () => {
    const r = new Redactor();
    r.add(SECRET, { username: USER });
    return r;
  };
  const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

  test('raw, JSON-escaped and URL-encoded', () => {
    const r = redactor();
    for (const form of [SECRET, JSON.stringify(SECRET).slice(1, -1), encodeURIComponent(SECRET)]) {
      expect(r.redact(`before ${form} after`)).toBe('before •••••• after');
    }
    expect(r.redact(JSON.stringify({ password: SECRET }))).not.toContain('Z9');
  });

  test('base64 of the secret at every alignment inside a longer text', () => {
    const r = redactor();
    for (const prefix of ['', 'a', 'ab', 'abc', `${USER}:`, `{"auth":"${USER}:`]) {
      for (const suffix of ['', 'z', 'zz']) {
        const encoded = b64(`${prefix}${SECRET}${suffix}`);
        const out = r.redact(`x ${encoded} y`);
        expect(out, `prefix ${JSON.stringify(prefix)} suffix ${JSON.stringify(suffix)}`).toContain('••••••');
        expect(Buffer.from(out.slice(2, -2).replace(/•+/g, ''), 'base64').toString('latin1')).not.toContain(
          'pat_Z9',
        );
      }
    }
  });

  test('base64 inside base64: a dockerconfigjson Secret', () => {
    const r = redactor();
    for (const pad of ['', ' ', '  ']) {
      const config = JSON.stringify({ auths: { 'ghcr.io': { auth: b64(`${USER}:${SECRET}`) } } });
      const secretYaml = `data:\n  .dockerconfigjson: ${b64(pad + config)}\n`;
      const out = r.redact(secretYaml);
      expect(out).toContain('••••••');
      const payload = out.split(': ')[1]?.trim() ?? '';
      const decoded = Buffer.from(payload.replace(/•+/g, ''), 'base64').toString('latin1');
      expect(decoded).not.toContain(b64(`${USER}:${SECRET}`).slice(8, 20));
    }
  });

  test('base64url forms too', () => {
    const r = redactor();
    const url = Buffer.from(`${USER}:${SECRET}`).toString('base64url');
    expect(url).not.toBe(b64(`${USER}:${SECRET}`));
    expect(r.redact(`t=${url}`)).toContain('••••••');
  });

  test('a secret too short to redact is refused', () => {
    const r = new Redactor();
    expect(() => r.add('abc')).toThrow(/at least 8/);
    expect(() => r.add('1234567')).toThrow(/at least 8/);
    expect(() => r.add('12345678')).not.toThrow();
  });

  test('ordinary text without the secret is left alone', () => {
    const r = redactor();
    const text = 'Pushing image to ghcr.io/alice/app:latest sha256:0123456789abcdef';
    expect(r.redact(text)).toBe(text);
  });
});
