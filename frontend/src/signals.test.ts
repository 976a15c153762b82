import { describe, expect, it } from 'vitest';
import { formatChange, hasDecoded, signalLines } from './signals';
import type { SignalRow } from './types';

const TABLE: SignalRow[] = [
  { removed: null, macro_f1: 0.912, macro_f1_decoded: 0.951 },
  { removed: 'context', macro_f1: 0.8091, macro_f1_decoded: 0.9 },
  { removed: 'titles', macro_f1: 0.7, macro_f1_decoded: 0.75 },
  { removed: 'input', macro_f1: 0.9121, macro_f1_decoded: 0.951 },
  { removed: 'app', macro_f1: 0.92, macro_f1_decoded: 0.95 },
];

describe('what each signal buys', () => {
  it('reads each group against the model with all signals', () => {
    const lines = signalLines(TABLE)!;
    expect(lines.map((l) => l.name)).toEqual([
      'All signals',
      'Without recent context',
      'Without window titles',
      'Without keyboard and mouse',
      'Without app in front',
    ]);
    expect(lines.map((l) => [l.raw, l.rawChange])).toEqual([
      ['0.912', null],
      ['0.809', '−0.103'],
      ['0.700', '−0.212'],
      ['0.912', '±0.000'],
      ['0.920', '+0.008'],
    ]);
    expect(lines.map((l) => l.decodedChange)).toEqual([null, '−0.051', '−0.201', '±0.000', '−0.001']);
  });

  it('leaves the decoded columns out when the bundle has no decoding', () => {
    const lines = signalLines(TABLE.map((r) => ({ ...r, macro_f1_decoded: null })))!;
    expect(hasDecoded(lines)).toBe(false);
    expect(lines[1].decodedChange).toBeNull();
  });

  it('shows nothing for a bundle without a table', () => {
    expect(signalLines(null)).toBeNull();
    expect(signalLines(undefined)).toBeNull();
    expect(signalLines([])).toBeNull();
    expect(signalLines(TABLE.slice(1))).toBeNull(); // no all-signals row to read against
  });

  it('signs changes with a real minus sign', () => {
    expect([formatChange(-0.1034), formatChange(0.0004), formatChange(-0.0004), formatChange(0.05)]).toEqual([
      '−0.103', '±0.000', '±0.000', '+0.050',
    ]);
  });
});
