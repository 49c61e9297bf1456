import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  forEachFileOfTar,
  memoryTar,
  useFirstFileOfTar,
} from '../../../electron/services/build/runner/tar-helpers';

// When the engine dies mid-read, the tar breaks AND the consumer of a file (an image load on the same
// engine) fails a moment later: the caller must get one rejection, and nothing may go unhandled.
const unhandled: unknown[] = [];
const onUnhandled = (r: unknown) => unhandled.push(r);
process.on('unhandledRejection', onUnhandled);
afterEach(() => {
  unhandled.length = 0;
});

/** A tar stream that delivers the start of one big file, then errors (the connection broke). */
async function breakingTar(): Promise<Readable> {
  const whole = await memoryTar([{ type: 'file', name: 'output/image.tar', content: Buffer.alloc(1 << 20) }]);
  const out = new Readable({ read: () => undefined });
  out.push(whole.subarray(0, 512 + 64 * 1024));
  setTimeout(() => out.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), 20);
  return out;
}

const lateFailure = (file: Readable) =>
  new Promise<never>((_, reject) => {
    file.resume();
    setTimeout(() => reject(new Error('write EPIPE')), 60);
  });

describe('a tar that breaks while a file is being consumed', () => {
  it('forEachFileOfTar rejects once, and the late consumer failure is handled', async () => {
    await expect(forEachFileOfTar(await breakingTar(), (_name, file) => lateFailure(file))).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 150));
    expect(unhandled).toEqual([]);
  });

  it('useFirstFileOfTar rejects once, and the late consumer failure is handled', async () => {
    await expect(useFirstFileOfTar(await breakingTar(), (file) => lateFailure(file))).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 150));
    expect(unhandled).toEqual([]);
  });
});
