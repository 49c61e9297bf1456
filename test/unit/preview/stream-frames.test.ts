import { describe, expect, test } from 'vitest';
import { demuxBuffer, FrameDecoder, LineTail } from '../../../electron/services/preview/stream-frames';

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
});

describe('demuxBuffer', () => {
  test('joins payloads of a multiplexed buffer in order', () => {
    expect(demuxBuffer(Buffer.concat([frame(1, 'a\n'), frame(2, 'b\n')])).toString()).toBe('a\nb\n');
  });
  test('passes unframed (Tty) output through', () => {
    expect(demuxBuffer(Buffer.from('plain text\n')).toString()).toBe('plain text\n');
  });
});

describe('LineTail', () => {
  test('keeps the last N lines, joins a multi-byte character split across chunks', () => {
    const t = new LineTail(2);
    const bytes = Buffer.from('one\ntwo\nthré\nfour');
    const cut = bytes.indexOf(0xc3) + 1; // inside é
    t.push(bytes.subarray(0, cut));
    t.push(bytes.subarray(cut));
    expect(t.read()).toEqual(['two', 'thré', 'four']);
  });
});
