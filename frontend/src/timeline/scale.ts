// The timeline's one time axis: which part of the day it shows, and ms ↔ x. Pure.

import { MINUTE_MS, zonedToUtc, type DayBounds } from '../zone';
import type { IsoDate } from '../types';

const HOUR_MS = 60 * MINUTE_MS;

export interface Scale {
  start: number;
  end: number;
  left: number;
  right: number;
}

export function makeScale(start: number, end: number, left: number, right: number): Scale {
  return { start, end: Math.max(end, start + MINUTE_MS), left, right: Math.max(right, left + 1) };
}

export function xOf(scale: Scale, ms: number): number {
  const share = (ms - scale.start) / (scale.end - scale.start);
  return scale.left + share * (scale.right - scale.left);
}

/** The instant at x, clamped to the axis. */
export function msAt(scale: Scale, x: number): number {
  const share = Math.min(1, Math.max(0, (x - scale.left) / (scale.right - scale.left)));
  return scale.start + share * (scale.end - scale.start);
}

/** The minute (its start) under x; the axis' last minute for x at or past the right edge. */
export function minuteAt(scale: Scale, x: number): number {
  const floored = Math.floor(msAt(scale, x) / MINUTE_MS) * MINUTE_MS;
  return Math.min(floored, scale.end - MINUTE_MS);
}

export function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/**
 * The part of the day worth showing: first to last thing recorded (activity, labels,
 * predictions), padded by `padMs` and widened to whole hours, inside the day. A day with
 * nothing recorded shows whole.
 */
export function viewExtent(day: DayBounds, times: number[], padMs = 30 * MINUTE_MS): DayBounds {
  const inside = times.filter((t) => t >= day.start && t <= day.end);
  if (inside.length === 0) return day;
  let first = Infinity;
  let last = -Infinity;
  for (const t of inside) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const start = day.start + Math.floor((first - padMs - day.start) / HOUR_MS) * HOUR_MS;
  const end = day.start + Math.ceil((last + padMs - day.start) / HOUR_MS) * HOUR_MS;
  return { start: Math.max(day.start, start), end: Math.min(day.end, Math.max(end, start + HOUR_MS)) };
}

/** Instants of the zone's whole hours inside [start, end], thinned so labels do not collide. */
export function hourTicks(
  date: IsoDate,
  timeZone: string,
  extent: DayBounds,
  widthPx: number,
  minGapPx = 44,
): number[] {
  const all: number[] = [];
  for (let hour = 0; hour <= 25; hour += 1) {
    const t = zonedToUtc(date, hour * 60, timeZone);
    if (t >= extent.start && t <= extent.end && !all.includes(t)) all.push(t);
  }
  const hours = (extent.end - extent.start) / HOUR_MS;
  const perHour = widthPx / Math.max(hours, 1);
  const every = Math.max(1, Math.ceil(minGapPx / perHour));
  return all.filter((_, i) => i % every === 0);
}
