// Per-minute rows → runs of consecutive minutes that share a key, and the colours of keys. Pure.

import { MINUTE_MS } from '../zone';

export interface MinuteItem<T> {
  /** The minute's start, ms since the epoch. */
  ms: number;
  key: string;
  value: T;
}

export interface Run<T> {
  start: number;
  /** Exclusive: the end of the run's last minute. */
  end: number;
  key: string;
  items: T[];
}

/** Merge minutes in time order into runs: the same key and no gap between them. */
export function mergeRuns<T>(minutes: MinuteItem<T>[]): Run<T>[] {
  const sorted = [...minutes].sort((a, b) => a.ms - b.ms);
  const runs: Run<T>[] = [];
  for (const minute of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.key === minute.key && minute.ms <= last.end) {
      if (minute.ms + MINUTE_MS > last.end) last.end = minute.ms + MINUTE_MS;
      last.items.push(minute.value);
    } else {
      runs.push({ start: minute.ms, end: minute.ms + MINUTE_MS, key: minute.key, items: [minute.value] });
    }
  }
  return runs;
}

/** Colours for app categories (dark enough for white text, distinct enough side by side). */
const CATEGORY_COLOURS: Record<string, string> = {
  editor: '#1f5fbf',
  terminal: '#2b2f3a',
  browser: '#c2410c',
  chat: '#7e22ce',
  email: '#0e7490',
  meeting: '#be123c',
  docs: '#15803d',
  design: '#a21caf',
  media: '#92400e',
  system: '#52606d',
  other: '#6b7280',
  idle: '#c5ccd6',
};

/** A second palette for labels and predictions: the same label gets the same colour. */
const LABEL_PALETTE = [
  '#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#db2777', '#4d7c0f',
  '#7c3aed', '#b45309', '#0f766e', '#475569',
];

const DEFAULT_LABEL_ORDER = ['Build', 'Debug', 'Review', 'Write', 'ReadResearch', 'Communicate', 'Meet', 'BreakIdle'];

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}

export function categoryColour(category: string | null | undefined): string {
  const key = (category ?? 'other').toLowerCase();
  return CATEGORY_COLOURS[key] ?? LABEL_PALETTE[hash(key) % LABEL_PALETTE.length];
}

export function labelColour(label: string): string {
  const known = DEFAULT_LABEL_ORDER.indexOf(label);
  if (known >= 0) return LABEL_PALETTE[known];
  return LABEL_PALETTE[hash(label) % LABEL_PALETTE.length];
}

/** Categories in order of first appearance, for the legend. */
export function categoriesOf(keys: Array<string | null | undefined>): string[] {
  const seen: string[] = [];
  for (const key of keys) {
    const name = (key ?? 'other').toLowerCase();
    if (!seen.includes(name)) seen.push(name);
  }
  return seen;
}
