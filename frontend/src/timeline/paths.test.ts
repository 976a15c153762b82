import { describe, expect, it } from 'vitest';
import { byColour, fittedText, stretchesPath } from './paths';
import { makeScale } from './scale';

const M = 60_000;
const scale = makeScale(0, 100 * M, 10, 110); // 1 px a minute from x = 10

describe('band paths', () => {
  it('draws each stretch as a closed rectangle, at least a pixel wide', () => {
    expect(stretchesPath([{ start: 0, end: 5 * M }], scale, 24, 30)).toBe('M10 24h5v30h-5z');
    expect(stretchesPath([{ start: 10 * M, end: 10 * M + 1000 }, { start: 50 * M, end: 60 * M }], scale, 0, 8)).toBe(
      'M20 0h1v8h-1zM60 0h10v8h-10z',
    );
    expect(stretchesPath([], scale, 0, 8)).toBe('');
  });

  it('groups items by colour in order of first use', () => {
    const groups = byColour(['a1', 'b1', 'a2'], (s) => s[0]);
    expect(groups).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1']],
    ]);
  });

  it('fits a name into a block or leaves it out', () => {
    expect(fittedText('Build', 200)).toBe('Build');
    expect(fittedText('ReadResearch', 50)).toBe('Read…');
    expect(fittedText('Build', 20)).toBeNull();
  });
});
