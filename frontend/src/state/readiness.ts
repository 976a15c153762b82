// Whether the Train button may be pressed, and why not. Pure.

import type { DataCheck, IsoDate } from '../types';

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

export interface ReadinessInput {
  jobRunning: boolean;
  starting: boolean;
  synthetic: boolean;
  preparing: boolean;
  dates: DateRange;
  /** The last successful Prepare Data answer, whatever dates it was for. */
  check: DataCheck | null;
}

export function checkMatchesDates(check: DataCheck | null, dates: DateRange): boolean {
  return check !== null && check.date_from === dates.from && check.date_to === dates.to;
}

/** Null when Train may be pressed; otherwise the reason shown next to the button. */
export function trainBlockedReason(input: ReadinessInput): string | null {
  if (input.jobRunning) return 'A job is running';
  if (input.starting) return 'Starting…';
  if (!input.dates.from || !input.dates.to) return 'Pick the From and To dates';
  if (input.synthetic) return null;
  if (input.preparing) return 'Wait for Prepare Data to finish';
  if (!checkMatchesDates(input.check, input.dates)) return 'Prepare Data first for these dates';
  if ((input.check?.trainable_rows ?? 0) <= 0) {
    return 'No trainable rows: label time inside this range';
  }
  return null;
}

/** A stable text for an event, to tell a new `labels_changed` from one already seen. */
export function eventKey(event: unknown): string | null {
  return event === undefined || event === null ? null : JSON.stringify(event);
}
