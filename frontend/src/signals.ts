// "What each signal buys": the model's validation macro-F1 with every signal, and without each
// group in turn (a model refitted without it), with the change beside each. Pure.

import { formatF1 } from './format';
import type { SignalGroup, SignalRow } from './types';

const GROUP_NAMES: Record<SignalGroup, string> = {
  context: 'Recent context',
  titles: 'Window titles',
  input: 'Keyboard and mouse',
  app: 'App in front',
};

const GROUP_MEANING: Record<SignalGroup, string> = {
  context: 'shares of apps, input and idle over the last 5 and 15 minutes, time in the current app',
  titles: 'words of the window title, as keyed hashes',
  input: 'keystroke, click and scroll rates',
  app: 'the app and its category',
};

export interface SignalLine {
  key: string;
  name: string;
  meaning: string;
  raw: string;
  /** The change from all signals ("−0.103"); null on the all-signals row. */
  rawChange: string | null;
  decoded: string | null;
  decodedChange: string | null;
}

/** Signed to three places with a real minus sign; "±0.000" when it rounds to nothing. */
export function formatChange(delta: number): string {
  const text = Math.abs(delta).toFixed(3);
  if (text === '0.000') return '±0.000';
  return `${delta < 0 ? '−' : '+'}${text}`;
}

function change(value: number | null, base: number | null): string | null {
  return value === null || base === null ? null : formatChange(value - base);
}

/** The table's lines, or null when the bundle has no usable table (absent, empty, no first row). */
export function signalLines(table: SignalRow[] | null | undefined): SignalLine[] | null {
  if (!table || table.length === 0 || table[0].removed !== null) return null;
  const all = table[0];
  return table.map((row, i) => {
    const first = i === 0;
    return {
      key: row.removed ?? 'all',
      name: row.removed === null ? 'All signals' : `Without ${GROUP_NAMES[row.removed].toLowerCase()}`,
      meaning: row.removed === null ? 'the model as trained' : GROUP_MEANING[row.removed],
      raw: formatF1(row.macro_f1),
      rawChange: first ? null : change(row.macro_f1, all.macro_f1),
      decoded: row.macro_f1_decoded === null ? null : formatF1(row.macro_f1_decoded),
      decodedChange: first ? null : change(row.macro_f1_decoded, all.macro_f1_decoded),
    };
  });
}

/** Whether any line has a decoded figure (the decoded columns are left out otherwise). */
export function hasDecoded(lines: SignalLine[]): boolean {
  return lines.some((line) => line.decoded !== null);
}
