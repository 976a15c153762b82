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

/** The page's view of the tray's stream: the current run, and the last poll error. */
export interface SuggestionView {
  run: SuggestionRun | null;
  /** The newest prediction_error since the last prediction, or null. */
  error: string | null;
  /** Goes up when the tray's state is worth reading again (model loaded, error came or went). */
  stateVersion: number;
}

export type SuggestionAction =
  | { type: 'prediction'; event: PredictionEvent }
  | { type: 'prediction_error'; error: string }
  | { type: 'model_loaded' };

export const NO_SUGGESTION: SuggestionView = { run: null, error: null, stateVersion: 0 };

export function suggestionReducer(view: SuggestionView, action: SuggestionAction): SuggestionView {
  switch (action.type) {
    case 'prediction': {
      const run = nextRun(view.run, action.event);
      if (run === view.run && view.error === null) return view;
      const recovered = view.error !== null;
      return { run, error: null, stateVersion: view.stateVersion + (recovered ? 1 : 0) };
    }
    case 'prediction_error':
      return { ...view, error: action.error, stateVersion: view.stateVersion + 1 };
    case 'model_loaded':
      return { ...view, stateVersion: view.stateVersion + 1 };
    default:
      return view;
  }
}

export function isPrediction(event: unknown): event is PredictionEvent {
  const e = event as Partial<PredictionEvent> | null;
  return !!e && e.type === 'prediction' && typeof e.minute === 'string' && typeof e.label === 'string';
}
