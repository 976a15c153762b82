// How numbers, dates, steps and errors read on the page. Pure functions only.

import type { DayStatus, IsoDate } from './types';

export function formatF1(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(3) : '—';
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? COUNT_FORMAT.format(value) : '—';
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** A gain value short enough for a bar label: 23121.29 → "23,121", 0.1234 → "0.123". */
export function formatGain(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return COUNT_FORMAT.format(Math.round(value));
  if (Math.abs(value) >= 1) return value.toFixed(1);
  return value.toFixed(3);
}

const STEP_NAMES: Record<string, string> = {
  initializing: 'Starting',
  loading_features: 'Loading features',
  projecting_labels: 'Matching labels to minutes',
  splitting: 'Splitting train / validation',
  training: 'Training LightGBM',
  saving: 'Saving the model',
  done: 'Done',
  building_features: 'Building features',
};

export function stepName(step: string | null | undefined): string {
  if (!step) return '—';
  return STEP_NAMES[step] ?? step.replace(/_/g, ' ');
}

/** "2026-11-30T15:22:47+00:00" → "30 Nov 2026, 16:22" in the given zone (the server's). */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(when);
  } catch {
    return when.toLocaleString('en-GB');
  }
}

export function formatDateRange(from: IsoDate | null | undefined, to: IsoDate | null | undefined) {
  if (!from && !to) return '—';
  if (from === to) return from ?? '—';
  return `${from ?? '?'} – ${to ?? '?'}`;
}

/** Calendar arithmetic on YYYY-MM-DD strings, free of the browser's own time zone. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const when = new Date(Date.UTC(year, month - 1, day + days));
  return when.toISOString().slice(0, 10);
}

// Made once: each toLocaleDateString call with options builds a formatter afresh, which costs
// more than the rest of a render of the day picker.
let dayFormats: { weekday: Intl.DateTimeFormat; day: Intl.DateTimeFormat } | null = null;

/** "2026-11-30" → { weekday: "Mon", day: "30 Nov" } for the day strip. */
export function dayParts(date: IsoDate): { weekday: string; day: string } {
  const [year, month, day] = date.split('-').map(Number);
  const when = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(when.getTime())) return { weekday: '', day: date };
  dayFormats ??= {
    weekday: new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' }),
    day: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }),
  };
  return { weekday: dayFormats.weekday.format(when), day: dayFormats.day.format(when) };
}

/** The model id a bundle directory path ends in (either slash). */
export function modelIdFromDir(dir: string | null | undefined): string | null {
  if (!dir) return null;
  const parts = dir.split(/[\\/]+/).filter(Boolean);
  return parts.length ? parts[parts.length - 1] : null;
}

export const DAY_STATUS_TEXT: Record<DayStatus, { label: string; icon: string; hint: string }> = {
  built: { label: 'built', icon: '✚', hint: 'features built from ActivityWatch just now' },
  existing: { label: 'existing', icon: '✓', hint: 'features were already on disk' },
  missing: { label: 'missing', icon: '–', hint: 'no feature file for this day' },
  empty: { label: 'empty', icon: '○', hint: 'ActivityWatch recorded nothing this day' },
  error: { label: 'error', icon: '!', hint: 'building this day failed' },
};

export function dayTitle(date: IsoDate, status: DayStatus, rows: number): string {
  const info = DAY_STATUS_TEXT[status] ?? { label: status, hint: '' };
  return `${date}: ${info.label} — ${plural(rows, 'row')}${info.hint ? ` (${info.hint})` : ''}`;
}

export const FIX_ZERO_ROWS =
  'Start ActivityWatch, verify it\'s collecting events, then re-run "Prepare Data".';

const FIXES: ReadonlyArray<readonly [prefix: string, fix: string | null]> = [
  ['Feature files exist but contain 0 rows', FIX_ZERO_ROWS],
  ['No label spans overlap the selected date range', 'Create labels that cover the same dates as your feature data.'],
  [
    'No labeled rows after projection',
    'Ensure label spans are at least 60 s long and cover times when ActivityWatch recorded activity.',
  ],
  [
    'No feature data found for the given date range',
    'Click "Prepare Data" first to build features from ActivityWatch.',
  ],
  ['Only one label class', 'Label at least two task types in this range.'],
  ['Cancelled by user', null],
  ['Server stopped while the job was running', null],
];

/** What the user can do about a job error, or null when there is nothing to suggest. */
export function fixForError(error: string | null | undefined): string | null {
  if (!error) return null;
  const match = FIXES.find(([prefix]) => error.startsWith(prefix));
  return match ? match[1] : null;
}

/** Every data-check build error ("YYYY-MM-DD: reason") has the same remedy. */
export function fixForBuildError(_entry: string): string {
  return FIX_ZERO_ROWS;
}

/** Names the API uses for request fields → the labels the form shows. */
const FIELD_LABELS: Record<string, string> = {
  date_from: 'From',
  date_to: 'To',
  num_boost_round: 'Boost rounds',
  class_weight: 'Class weight',
  synthetic: 'Synthetic data',
};

export function fieldLabel(field: string | null | undefined): string | null {
  if (!field) return null;
  return FIELD_LABELS[field] ?? field;
}

export function provenanceText(value: string | null | undefined): string {
  if (!value) return 'unknown';
  if (value === 'aw' || value === 'activitywatch') return 'ActivityWatch';
  return value;
}
