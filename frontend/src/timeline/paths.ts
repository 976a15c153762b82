// A band's runs as a few SVG paths (one per colour) instead of an element per run: a full day
// is hundreds of runs, and each element costs the browser style, layout and paint. Pure.

import { xOf, type Scale } from './scale';

export interface Stretch {
  start: number;
  end: number;
}

/** One rectangle per stretch, `height` tall from `y`, at least 1 px wide, as path data. */
export function stretchesPath(stretches: Stretch[], scale: Scale, y: number, height: number): string {
  return stretches
    .map((s) => {
      const x = xOf(scale, s.start);
      const width = Math.max(1, xOf(scale, s.end) - x);
      return `M${round(x)} ${y}h${round(width)}v${height}h${round(-width)}z`;
    })
    .join('');
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Items grouped by the colour they are drawn in, colours in order of first use. */
export function byColour<T>(items: T[], colourOf: (item: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const colour = colourOf(item);
    const group = groups.get(colour);
    if (group) group.push(item);
    else groups.set(colour, [item]);
  }
  return [...groups];
}

/** `text` cut to fit `width` px of 12 px type (with an ellipsis), or null under 3 letters. */
export function fittedText(text: string, width: number): string | null {
  const fits = Math.floor((width - 8) / 7.2);
  if (fits < 3) return null;
  return text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
}
