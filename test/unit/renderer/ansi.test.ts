import { describe, expect, it } from 'vitest';
import {
  ansiSegments,
  findAll,
  markMatches,
  paletteRgb,
  stripAnsi,
} from '../../../renderer/components/log-viewer/ansi';

describe('ANSI rendering', () => {
  it('passes plain lines through untouched', () => {
    expect(ansiSegments('hello')).toEqual([{ text: 'hello', cls: '' }]);
  });

  it('maps basic colours and decorations to theme classes', () => {
    const segs = ansiSegments('\x1b[1;31mred\x1b[0m plain \x1b[42mgreen bg');
    expect(segs.map((s) => s.text)).toEqual(['red', ' plain ', 'green bg']);
    expect(segs[0]!.cls.split(' ').sort()).toEqual(['ansi-bold', 'ansi-red-fg']);
    expect(segs[1]!.cls).toBe('');
    expect(segs[2]!.cls).toBe('ansi-green-bg');
  });

  it('renders 256-colour and truecolor as inline rgb', () => {
    const segs = ansiSegments('\x1b[38;5;208morange\x1b[38;2;10;20;30mtc\x1b[38;5;9mbright');
    expect(segs[0]).toMatchObject({ text: 'orange', fg: `rgb(${paletteRgb(208)})` });
    expect(segs[1]).toMatchObject({ text: 'tc', fg: 'rgb(10, 20, 30)' });
    expect(segs[2]).toMatchObject({ text: 'bright', cls: 'ansi-bright-red-fg' });
  });

  it('computes the xterm palette', () => {
    expect(paletteRgb(16)).toBe('0, 0, 0');
    expect(paletteRgb(196)).toBe('255, 0, 0');
    expect(paletteRgb(232)).toBe('8, 8, 8');
    expect(paletteRgb(255)).toBe('238, 238, 238');
  });

  it('strips escapes for search, copy and save', () => {
    expect(stripAnsi('\x1b[1;31mred\x1b[0m x\x1b[2K\x1b]0;title\x07!')).toBe('red x!');
  });

  it('finds all case-insensitive occurrences', () => {
    expect(findAll('abcABCabc', 'bc')).toEqual([
      [1, 3],
      [4, 6],
      [7, 9],
    ]);
    expect(findAll('aaaa', 'aa')).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });

  it('marks matches across colour boundaries without losing styles', () => {
    const segs = markMatches(ansiSegments('\x1b[31mfoo\x1b[32mbar\x1b[0m baz'), 'obar');
    expect(segs.map((s) => [s.text, s.cls, !!s.mark])).toEqual([
      ['fo', 'ansi-red-fg', false],
      ['o', 'ansi-red-fg', true],
      ['bar', 'ansi-green-fg', true],
      [' baz', '', false],
    ]);
  });
});
