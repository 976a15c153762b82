// Colours and words for the confusion-matrix heat-map. Pure, so the colour rules are tested.

import { formatCount } from './format';

type Rgb = readonly [number, number, number];

/** An empty cell: a pale neutral that still reads as a cell on the white card. */
export const EMPTY_FILL: Rgb = [241, 244, 249];
/** A row's whole share: a deep blue. */
export const FULL_FILL: Rgb = [29, 64, 175];
// Pure black: on the ramp's middle shades, it is the only dark that keeps 4.5:1 either way.
export const DARK_TEXT = '#000000';
export const LIGHT_TEXT = '#ffffff';

/** Each row divided by its own total, so colour says "what share of true X went where". */
export function rowShares(matrix: number[][]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((sum, count) => sum + (count > 0 ? count : 0), 0);
    return row.map((count) => (total > 0 && count > 0 ? count / total : 0));
  });
}

function clampShare(share: number): number {
  return Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
}

export function cellRgb(share: number): Rgb {
  // A square-root ramp keeps small but real confusions visible next to a big diagonal.
  const t = Math.sqrt(clampShare(share));
  const mix = (i: 0 | 1 | 2) => Math.round(EMPTY_FILL[i] + (FULL_FILL[i] - EMPTY_FILL[i]) * t);
  return [mix(0), mix(1), mix(2)];
}

export function rgbCss([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

export function cellFill(share: number): string {
  return rgbCss(cellRgb(share));
}

function channelLuminance(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance([r, g, b]: Rgb): number {
  return 0.2126 * channelLuminance(r) + 0.7152 * channelLuminance(g) + 0.0722 * channelLuminance(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const DARK_TEXT_RGB: Rgb = [0, 0, 0];
const LIGHT_TEXT_RGB: Rgb = [255, 255, 255];

/** Whichever of dark or white text stands out more on this cell's fill. */
export function cellTextColor(share: number): string {
  const fill = cellRgb(share);
  return contrastRatio(fill, LIGHT_TEXT_RGB) > contrastRatio(fill, DARK_TEXT_RGB)
    ? LIGHT_TEXT
    : DARK_TEXT;
}

export function minutes(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'minute' : 'minutes'}`;
}

/** The words for one cell: "Debug taken for Build: 12 minutes" (true Debug, predicted Build). */
export function cellTitle(trueLabel: string, predLabel: string, count: number): string {
  if (trueLabel === predLabel) return `${trueLabel} recognised as ${predLabel}: ${minutes(count)}`;
  return `${trueLabel} taken for ${predLabel}: ${minutes(count)}`;
}
