import { describe, expect, test } from 'vitest';
import { LineTail } from '../../../electron/services/preview/line-tail';

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
