// A time selection on the timeline, made by dragging or with the keyboard. Pure.

import { MINUTE_MS } from '../zone';
import { floorMinute } from './scale';

export interface Range {
  start: number;
  end: number;
}

/** Dragging from one minute to another selects both and every minute between. */
export function rangeFromDrag(fromMs: number, toMs: number): Range {
  const a = floorMinute(fromMs);
  const b = floorMinute(toMs);
  return { start: Math.min(a, b), end: Math.max(a, b) + MINUTE_MS };
}

export interface Cursor {
  /** The minute the keyboard is on. */
  at: number;
  /** Where Shift-extension started; null when nothing is being extended. */
  anchor: number | null;
  selection: Range | null;
}

const STEPS: Record<string, number> = {
  ArrowLeft: -1,
  ArrowRight: 1,
  ArrowDown: -15,
  ArrowUp: 15,
  PageDown: -60,
  PageUp: 60,
};

/**
 * One key on the focused timeline: arrows move a minute (Up/Down 15, PageUp/PageDown an hour),
 * Home/End go to the ends of the axis; with Shift the selection grows from where it started.
 * Escape drops the selection. Returns null for keys the timeline does not use.
 */
export function cursorKey(cursor: Cursor, key: string, shift: boolean, bounds: Range): Cursor | null {
  if (key === 'Escape') return { at: cursor.at, anchor: null, selection: null };
  const last = bounds.end - MINUTE_MS;
  let at: number;
  if (key === 'Home') at = bounds.start;
  else if (key === 'End') at = last;
  else if (key in STEPS) at = cursor.at + STEPS[key] * MINUTE_MS;
  else return null;
  at = Math.min(last, Math.max(bounds.start, at));
  if (!shift) return { at, anchor: null, selection: cursor.selection };
  const anchor = cursor.anchor ?? anchorFor(cursor);
  return { at, anchor, selection: rangeFromDrag(anchor, at) };
}

/** A selection made elsewhere (drag, typed times) keeps growing from its far end. */
function anchorFor({ at, selection }: Cursor): number {
  if (selection && selection.end - MINUTE_MS === at) return selection.start;
  if (selection && selection.start === at) return selection.end - MINUTE_MS;
  return at;
}

export function minutesIn(range: Range): number {
  return Math.round((range.end - range.start) / MINUTE_MS);
}

/** The span whose time holds the minute, if any (the latest-starting one when several do). */
export function spanAt<T extends Range>(spans: T[], ms: number): T | null {
  let found: T | null = null;
  for (const span of spans) {
    if (span.start <= ms && ms < span.end && (!found || span.start >= found.start)) found = span;
  }
  return found;
}
