// Label spans, activity and predictions as the timeline draws them. Pure.

import type { ActivityMinute, LabelSpan, OverlappedSpan, PredictionRow } from '../types';
import { clockDate, clockTime, MINUTE_MS } from '../zone';
import { mergeRuns, type Run } from './bands';
import { floorMinute } from './scale';

export interface SpanBlock {
  id: number;
  start: number;
  end: number;
  label: string;
}

export function spanBlock(span: Pick<LabelSpan, 'id' | 'start_ts' | 'end_ts' | 'label'>): SpanBlock {
  return { id: span.id, start: Date.parse(span.start_ts), end: Date.parse(span.end_ts), label: span.label };
}

/** "10:00–11:30", with the date of an end (or start) that falls on another day. */
export function rangeText(start: number, end: number, timeZone: string, day?: string): string {
  const show = (ms: number) => {
    const date = clockDate(ms, timeZone);
    return day && date !== day ? `${date} ${clockTime(ms, timeZone)}` : clockTime(ms, timeZone);
  };
  // A span ending at midnight ends "24:00" of its day, not "00:00" of the next.
  const endText = end > start && clockTime(end, timeZone) === '00:00' && clockDate(end - MINUTE_MS, timeZone) === (day ?? clockDate(start, timeZone))
    ? '24:00'
    : show(end);
  return `${show(start)}–${endText}`;
}

export function overlapText(span: OverlappedSpan, timeZone: string, day?: string): string {
  return `${span.label}, ${rangeText(Date.parse(span.start_ts), Date.parse(span.end_ts), timeZone, day)}`;
}

export function durationText(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

export type ActivityRun = Run<ActivityMinute>;
export type PredictionRun = Run<PredictionRow>;

/** Minutes with the same dominant app (and category) run together. */
export function activityRuns(minutes: ActivityMinute[]): ActivityRun[] {
  return mergeRuns(
    minutes
      .filter((m) => m.app)
      .map((m) => ({ ms: floorMinute(Date.parse(m.minute)), key: `${m.category ?? 'other'}\u0000${m.app}`, value: m })),
  );
}

export function predictionRuns(rows: PredictionRow[]): PredictionRun[] {
  return mergeRuns(rows.map((r) => ({ ms: floorMinute(Date.parse(r.minute)), key: r.label, value: r })));
}

export function meanConfidence(run: PredictionRun): number {
  if (run.items.length === 0) return 0;
  return run.items.reduce((sum, row) => sum + row.confidence, 0) / run.items.length;
}

export function byMinute<T extends { minute: string }>(rows: T[]): Map<number, T> {
  return new Map(rows.map((row) => [floorMinute(Date.parse(row.minute)), row]));
}
