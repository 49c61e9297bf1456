import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openWithoutTokenOnCommandLine } from '../../../electron/server/open-browser';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kd-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('--open hands the token over in a private file, never on a command line (stand-in browser)', async () => {
  const token = 'tok_0123456789abcdefghijklmnop';
  const openUrl = `http://127.0.0.1:4567/#token=${token}`;
  // A stand-in browser: a real process that records its command line and the page it was asked to open.
  const out = path.join(dir, 'seen');
  const browser = [
    '/bin/sh',
    '-c',
    `f="\${0#file://}"; printf '%s\n' "$0" > ${out}.argv; cat "$f" > ${out}.page; stat -c %a "$f" > ${out}.mode`,
  ];
  const launch = openWithoutTokenOnCommandLine(openUrl, {
    dir: path.join(dir, 'launch'),
    opener: browser,
    keepMs: 300,
  });
  for (let i = 0; i < 100 && !existsSync(`${out}.mode`); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 50));
  const argv = [...browser, readFileSync(`${out}.argv`, 'utf8')].join(' ');
  expect(argv).toContain('file://');
  expect(argv).not.toContain(token);
  expect(readFileSync(`${out}.page`, 'utf8')).toContain(openUrl);
  expect(readFileSync(`${out}.mode`, 'utf8').trim()).toBe('600');
  expect(statSync(path.join(dir, 'launch')).mode & 0o777).toBe(0o700);
  await launch.removed;
  expect(existsSync(launch.file)).toBe(false);
});
