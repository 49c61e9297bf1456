import { describe, expect, it, test } from 'vitest';
import { createDemuxer, demuxBuffer, FrameDecoder } from '../../../electron/services/engine/stream-demux';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('FrameDecoder', () => {
  test('decodes frames split at every byte boundary', () => {
    const all = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err ü\n'), frame(1, '')]);
    const got: [string, string][] = [];
    const d = new FrameDecoder((s, data) => got.push([s, data.toString()]));
    for (let i = 0; i < all.length; i++) d.push(all.subarray(i, i + 1));
    expect(got).toEqual([
      ['stdout', 'out 1\n'],
      ['stderr', 'err ü\n'],
      ['stdout', ''],
    ]);
  });

  test('joins a long frame that arrives in many chunks, with a header split across two of them', () => {
    const long = 'x'.repeat(300_000) + '\n';
    const all = Buffer.concat([frame(2, 'a\n'), frame(1, long), frame(2, 'b\n')]);
    const got: [string, number][] = [];
    const d = new FrameDecoder((s, data) => got.push([s, data.length]));
    d.push(all.subarray(0, 13)); // first frame and 3 bytes of the second header
    for (let i = 13; i < all.length; i += 4096) d.push(all.subarray(i, i + 4096));
    expect(got).toEqual([
      ['stderr', 2],
      ['stdout', long.length],
      ['stderr', 2],
    ]);
  });
});

describe('attach stream demuxer', () => {
  it('splits frames across and within chunks, keeping stdout and stderr apart', async () => {
    const got: string[] = [];
    const d = createDemuxer((s, p) => got.push(`${s}:${p.toString()}`));
    const all = Buffer.concat([frame(1, 'out1'), frame(2, 'err1'), frame(1, 'héllo')]);
    for (const part of [all.subarray(0, 3), all.subarray(3, 13), all.subarray(13)]) {
      await new Promise<void>((r) => d.write(part, () => r()));
    }
    expect(got).toEqual(['stdout:out1', 'stderr:err1', 'stdout:héllo']);
  });
});

describe('demuxBuffer', () => {
  test('joins payloads of a multiplexed buffer in order', () => {
    expect(demuxBuffer(Buffer.concat([frame(1, 'a\n'), frame(2, 'b\n')])).toString()).toBe('a\nb\n');
  });
  test('passes unframed (Tty) output through', () => {
    expect(demuxBuffer(Buffer.from('plain text\n')).toString()).toBe('plain text\n');
  });
});
