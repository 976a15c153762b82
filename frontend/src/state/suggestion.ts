// The tray's suggestions as a run: how long the smoothed label has held, and the stretch
// Accept records. Pure.

import { MINUTE_MS } from '../zone';
import type { PredictionEvent } from '../types';

export interface SuggestionRun {
  label: string;
  /** Start of the first minute of the run (ms). */
  first: number;
  /** Start of the newest minute predicted with this label (ms). */
  last: number;
  latest: PredictionEvent;
}

/** A gap longer than this (a pause, a sleep) starts a new run even with the same label. */
export const MAX_GAP_MS = 5 * MINUTE_MS;

function minuteMs(event: PredictionEvent): number | null {
  const ms = Date.parse(event.minute);
  return Number.isNaN(ms) ? null : Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

export function suggestedLabel(event: PredictionEvent): string {
  return event.smoothed_label || event.label;
}

/** The run after one more prediction (the same minute may be predicted again). */
export function nextRun(run: SuggestionRun | null, event: PredictionEvent): SuggestionRun | null {
  const minute = minuteMs(event);
  if (minute === null) return run;
  const label = suggestedLabel(event);
  if (run && minute < run.last) return run; // an older minute arriving late changes nothing
  const continues = run !== null && run.label === label && minute - run.last <= MAX_GAP_MS;
  if (continues) return { ...run, last: minute, latest: event };
  return { label, first: minute, last: minute, latest: event };
}

/** Minutes the smoothed label has held, counting the newest one. */
export function heldMinutes(run: SuggestionRun): number {
  return Math.round((run.last - run.first) / MINUTE_MS) + 1;
}

export interface Stretch {
  start: number;
  end: number;
  label: string;
}

/** What Accept records: from the run's first minute to the end of its last one. */
export function acceptStretch(run: SuggestionRun): Stretch {
  return { start: run.first, end: run.last + MINUTE_MS, label: run.label };
}
