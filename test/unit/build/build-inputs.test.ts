import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildInputsKey,
  contentArgs,
  type BuildInputs,
} from '../../../electron/services/build/logic/build-inputs';

let dir: string;
let inputs: BuildInputs;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kd-inputs-'));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM example.com/base:1\nCOPY app.txt /app.txt\n');
  writeFileSync(path.join(dir, 'app.txt'), 'one\n');
  writeFileSync(path.join(dir, '.dockerignore'), 'ignored.txt\n');
  writeFileSync(path.join(dir, 'ignored.txt'), 'x\n');
  inputs = {
    contextDir: dir,
    dockerfile: 'Dockerfile',
    executorArgs: ['--context=dir:///workspace', '--destination=10.0.2.2:40001/app:one', '--cache=true'],
    executorImageId: 'sha256:aaa',
    baseDigests: { 'example.com/base:1': 'sha256:111' },
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('buildInputsKey', () => {
  it('is the same for the same inputs, whatever the destination or cache registry port', async () => {
    const first = await buildInputsKey(inputs);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const elsewhere = {
      ...inputs,
      executorArgs: ['--context=dir:///workspace', '--destination=10.0.2.2:40999/app:two', '--cache=true'],
    };
    expect(await buildInputsKey(elsewhere)).toBe(first);
  });

  it('changes when a kept file is written, even with the same size', async () => {
    const first = await buildInputsKey(inputs);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(path.join(dir, 'app.txt'), 'two\n');
    expect(await buildInputsKey(inputs)).not.toBe(first);
  });

  it('changes with a file mode, a build argument, the executor or a base digest', async () => {
    const first = await buildInputsKey(inputs);
    expect(
      await buildInputsKey({ ...inputs, executorArgs: [...inputs.executorArgs, '--build-arg=A=1'] }),
    ).not.toBe(first);
    expect(await buildInputsKey({ ...inputs, executorImageId: 'sha256:bbb' })).not.toBe(first);
    expect(await buildInputsKey({ ...inputs, baseDigests: { 'example.com/base:1': 'sha256:222' } })).not.toBe(
      first,
    );
    chmodSync(path.join(dir, 'app.txt'), 0o600);
    expect(await buildInputsKey(inputs)).not.toBe(first);
  });

  it('ignores files .dockerignore leaves out', async () => {
    const first = await buildInputsKey(inputs);
    writeFileSync(path.join(dir, 'ignored.txt'), 'changed, and longer\n');
    expect(await buildInputsKey(inputs)).toBe(first);
  });

  it('keeps the flags that shape the image and drops those that only place it', () => {
    expect(
      contentArgs([
        '--destination=a/b:c',
        '--cache-repo=10.0.2.2:1/x/cache',
        '--registry-map=127.0.0.1:5000=10.0.2.2:5000',
        '--insecure-registry=10.0.2.2:5000',
        '--build-arg=A=1',
        '--target=final',
        '--reproducible',
      ]),
    ).toEqual(['--build-arg=A=1', '--target=final', '--reproducible']);
  });
});
