import { describe, expect, it } from 'vitest';
import { categoriesOf, categoryColour, labelColour, mergeRuns } from './bands';
import { hourTicks, makeScale, minuteAt, msAt, viewExtent, xOf } from './scale';
import { activityRuns, durationText, meanConfidence, predictionRuns, rangeText } from './spans';
import { cursorKey, minutesIn, rangeFromDrag, spanAt, type Cursor } from './selection';

const M = 60_000;
const H = 60 * M;
const DAY = { start: Date.UTC(2026, 0, 10), end: Date.UTC(2026, 0, 11) };
const at = (h: number, m = 0) => DAY.start + h * H + m * M;

describe('scale', () => {
  const scale = makeScale(at(9), at(11), 100, 220); // 120 min over 120 px

  it('maps minutes to x and back', () => {
    expect(xOf(scale, at(9))).toBe(100);
    expect(xOf(scale, at(10))).toBe(160);
    expect(msAt(scale, 160)).toBe(at(10));
    expect(minuteAt(scale, 160.9)).toBe(at(10));
  });

  it('clamps to the axis, the last minute included', () => {
    expect(minuteAt(scale, 0)).toBe(at(9));
    expect(minuteAt(scale, 999)).toBe(at(10, 59));
  });

  it('zooms to the recorded part of the day, padded to whole hours', () => {
    expect(viewExtent(DAY, [at(9, 10), at(17, 40)])).toEqual({ start: at(8), end: at(19) });
    expect(viewExtent(DAY, [at(0, 5)])).toEqual({ start: at(0), end: at(1) });
    expect(viewExtent(DAY, [])).toEqual(DAY);
    expect(viewExtent(DAY, [at(-5), at(30)])).toEqual(DAY); // outside the day: ignored
  });

  it('ticks at whole hours, thinned on narrow axes', () => {
    const extent = { start: at(8), end: at(12) };
    expect(hourTicks('2026-01-10', 'UTC', extent, 800)).toEqual([at(8), at(9), at(10), at(11), at(12)]);
    expect(hourTicks('2026-01-10', 'UTC', extent, 100)).toEqual([at(8), at(10), at(12)]);
  });
});

describe('bands', () => {
  it('merges consecutive minutes with the same key and splits on gaps or changes', () => {
    const item = (h: number, m: number, key: string) => ({ ms: at(h, m), key, value: key });
    const runs = mergeRuns([
      item(9, 2, 'code'), item(9, 0, 'code'), item(9, 1, 'code'),
      item(9, 3, 'chrome'), item(9, 5, 'chrome'),
    ]);
    expect(runs.map((r) => [r.key, (r.start - at(9)) / M, (r.end - at(9)) / M, r.items.length])).toEqual([
      ['code', 0, 3, 3],
      ['chrome', 3, 4, 1],
      ['chrome', 5, 6, 1],
    ]);
  });

  it('gives stable colours and a legend in order of appearance', () => {
    expect(categoryColour('editor')).toBe(categoryColour('Editor'));
    expect(categoryColour('something-new')).toMatch(/^#/);
    expect(labelColour('Build')).not.toBe(labelColour('Debug'));
    expect(labelColour('Mine')).toBe(labelColour('Mine'));
    expect(categoriesOf(['editor', 'browser', 'editor', null])).toEqual(['editor', 'browser', 'other']);
  });
});

describe('selection', () => {
  const bounds = { start: at(8), end: at(12) };
  const idle: Cursor = { at: at(9), anchor: null, selection: null };

  it('a drag selects whole minutes in either direction', () => {
    expect(rangeFromDrag(at(9, 0) + 30_000, at(9, 4) + 10)).toEqual({ start: at(9), end: at(9, 5) });
    expect(rangeFromDrag(at(9, 4), at(9, 0))).toEqual({ start: at(9), end: at(9, 5) });
    expect(minutesIn(rangeFromDrag(at(9), at(9)))).toBe(1);
  });

  it('arrows move the cursor; Shift+arrows extend from where they started', () => {
    let cursor = cursorKey(idle, 'ArrowRight', false, bounds)!;
    expect(cursor).toEqual({ at: at(9, 1), anchor: null, selection: null });
    cursor = cursorKey(cursor, 'ArrowRight', true, bounds)!;
    cursor = cursorKey(cursor, 'ArrowRight', true, bounds)!;
    expect(cursor.selection).toEqual({ start: at(9, 1), end: at(9, 4) });
    cursor = cursorKey(cursor, 'ArrowLeft', true, bounds)!;
    cursor = cursorKey(cursor, 'ArrowLeft', true, bounds)!;
    cursor = cursorKey(cursor, 'ArrowLeft', true, bounds)!;
    expect(cursor.selection).toEqual({ start: at(9), end: at(9, 2) });
    expect(cursorKey(cursor, 'Escape', false, bounds)!.selection).toBeNull();
  });

  it('big steps, ends of the axis, clamping and unused keys', () => {
    expect(cursorKey(idle, 'PageUp', false, bounds)!.at).toBe(at(10));
    expect(cursorKey(idle, 'ArrowUp', false, bounds)!.at).toBe(at(9, 15));
    expect(cursorKey(idle, 'End', false, bounds)!.at).toBe(at(11, 59));
    expect(cursorKey(idle, 'Home', true, bounds)!.selection).toEqual({ start: at(8), end: at(9, 1) });
    expect(cursorKey({ ...idle, at: at(8) }, 'ArrowLeft', false, bounds)!.at).toBe(at(8));
    expect(cursorKey(idle, 'a', false, bounds)).toBeNull();
  });

  it('a dragged selection keeps growing from its far end', () => {
    const dragged: Cursor = { at: at(9, 4), anchor: null, selection: { start: at(9), end: at(9, 5) } };
    expect(cursorKey(dragged, 'ArrowRight', true, bounds)!.selection).toEqual({ start: at(9), end: at(9, 6) });
  });

  it('finds the span under a minute', () => {
    const spans = [{ start: at(9), end: at(10), id: 1 }, { start: at(9, 30), end: at(9, 45), id: 2 }];
    expect(spanAt(spans, at(9, 35))?.id).toBe(2);
    expect(spanAt(spans, at(9, 50))?.id).toBe(1);
    expect(spanAt(spans, at(10))).toBeNull();
  });
});

describe('spans and runs as drawn', () => {
  it('writes ranges in the server zone, with dates only when another day', () => {
    expect(rangeText(at(9), at(10, 30), 'UTC', '2026-01-10')).toBe('09:00–10:30');
    expect(rangeText(at(23), at(24), 'UTC', '2026-01-10')).toBe('23:00–24:00');
    expect(rangeText(at(23), at(25), 'UTC', '2026-01-10')).toBe('23:00–2026-01-11 01:00');
    expect(durationText(95 * M)).toBe('1 h 35 min');
    expect(durationText(30 * M)).toBe('30 min');
  });

  it('merges activity by app and predictions by label', () => {
    const iso = (h: number, m: number) => new Date(at(h, m)).toISOString();
    const runs = activityRuns([
      { minute: iso(9, 0), app: 'vscode', category: 'editor', active_seconds: 60 },
      { minute: iso(9, 1), app: 'vscode', category: 'editor', active_seconds: 50 },
      { minute: iso(9, 2), app: null, category: null, active_seconds: 0 },
      { minute: iso(9, 3), app: 'vscode', category: 'editor', active_seconds: 60 },
    ]);
    expect(runs.map((r) => [r.items.length, (r.end - r.start) / M])).toEqual([[2, 2], [1, 1]]);
    const preds = predictionRuns([
      { minute: iso(9, 0), label: 'Build', confidence: 0.5, true_label: null },
      { minute: iso(9, 1), label: 'Build', confidence: 1, true_label: 'Build' },
    ]);
    expect([preds.length, meanConfidence(preds[0])]).toEqual([1, 0.75]);
  });
});
