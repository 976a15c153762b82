import { describe, expect, it } from 'vitest';
import {
  cellFill,
  cellRgb,
  cellTextColor,
  cellTitle,
  contrastRatio,
  DARK_TEXT,
  LIGHT_TEXT,
  rowShares,
} from './heatmap';

const WHITE = [255, 255, 255] as const;
const DARK = [0, 0, 0] as const;

describe('heat-map colours', () => {
  it('normalises each row by its own total', () => {
    expect(rowShares([[3, 1], [0, 0], [0, 5]])).toEqual([[0.75, 0.25], [0, 0], [0, 1]]);
  });

  it('goes from pale for nothing to deep blue for the whole row', () => {
    expect(cellFill(0)).toBe('rgb(241, 244, 249)');
    expect(cellFill(1)).toBe('rgb(29, 64, 175)');
    expect(cellFill(2)).toBe(cellFill(1));
    expect(cellFill(Number.NaN)).toBe(cellFill(0));
  });

  it('gets darker as the share grows', () => {
    const luminance = (share: number) => cellRgb(share).reduce((a, b) => a + b, 0);
    expect(luminance(0.1)).toBeGreaterThan(luminance(0.5));
    expect(luminance(0.5)).toBeGreaterThan(luminance(0.9));
  });

  it('uses dark text on pale cells and white text on dark cells', () => {
    expect(cellTextColor(0)).toBe(DARK_TEXT);
    expect(cellTextColor(0.02)).toBe(DARK_TEXT);
    expect(cellTextColor(1)).toBe(LIGHT_TEXT);
  });

  it('keeps text readable (contrast ≥ 4.5) at every share', () => {
    for (let i = 0; i <= 100; i++) {
      const share = i / 100;
      const text = cellTextColor(share) === LIGHT_TEXT ? WHITE : DARK;
      expect(contrastRatio(cellRgb(share), text)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('says each cell in words', () => {
    expect(cellTitle('Debug', 'Build', 12)).toBe('Debug taken for Build: 12 minutes');
    expect(cellTitle('Build', 'Build', 1)).toBe('Build recognised as Build: 1 minute');
  });
});
