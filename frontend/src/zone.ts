// Wall-clock time in the server's zone, free of the browser's own zone. Pure functions only.

import type { IsoDate } from './types';

export const MINUTE_MS = 60_000;

const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      format = partsFormat('UTC');
    }
    formats.set(timeZone, format);
  }
  return format;
}

/** The zone's wall clock at an instant, asked of Intl (slow: ~20 µs a call). */
function formattedWallMs(utcMs: number, timeZone: string): number {
  const parts = partsFormat(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
}

function formattedOffsetMs(utcMs: number, timeZone: string): number {
  return formattedWallMs(utcMs, timeZone) - Math.floor(utcMs / 1000) * 1000;
}

const HOUR_MS = 60 * MINUTE_MS;
/** Per zone: UTC hour → the offset that holds for all of it (no change inside the hour). */
const hourOffsets = new Map<string, Map<number, number>>();

/**
 * Local time minus UTC, in ms, at an instant. A zone changes its offset a few times a year,
 * so the offset of a whole UTC hour is asked of Intl once (at its first and last second) and
 * reused; an hour with a change inside it is asked minute by minute instead.
 */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  let hours = hourOffsets.get(timeZone);
  if (!hours) {
    hours = new Map();
    hourOffsets.set(timeZone, hours);
  }
  const hour = Math.floor(utcMs / HOUR_MS);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const first = formattedOffsetMs(hour * HOUR_MS, timeZone);
    const last = formattedOffsetMs((hour + 1) * HOUR_MS - 1000, timeZone);
    offset = first === last ? first : NaN;
    hours.set(hour, offset);
  }
  return Number.isNaN(offset) ? formattedOffsetMs(utcMs, timeZone) : offset;
}

/** The zone's wall clock at an instant, as if it were UTC (so Date.UTC arithmetic works). */
function wallMs(utcMs: number, timeZone: string): number {
  return Math.floor(utcMs / 1000) * 1000 + zoneOffsetMs(utcMs, timeZone);
}

/** The instant when the zone's clock reads `minuteOfDay` minutes after midnight on `date`. */
export function zonedToUtc(date: IsoDate, minuteOfDay: number, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS;
  const first = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(first, timeZone);
}

export interface DayBounds {
  start: number;
  end: number;
}

/** A local day as [midnight, next midnight) in ms since the epoch (23 or 25 h across DST). */
export function dayBounds(date: IsoDate, timeZone: string): DayBounds {
  const [year, month, day] = date.split('-').map(Number);
  const next = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
  return { start: zonedToUtc(date, 0, timeZone), end: zonedToUtc(next, 0, timeZone) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "HH:MM" on the zone's clock. */
export function clockTime(utcMs: number, timeZone: string): string {
  const wall = new Date(wallMs(utcMs, timeZone));
  return `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

/** "YYYY-MM-DD" on the zone's clock. */
export function clockDate(utcMs: number, timeZone: string): IsoDate {
  return new Date(wallMs(utcMs, timeZone)).toISOString().slice(0, 10);
}

/**
 * A 24-hour time typed as "HH:MM" (also "H:MM", "HH:MM:SS", "HH.MM" or the digits alone,
 * "930" or "0930") → minutes after midnight, or null. "24:00" is the midnight ending a day.
 */
export function parseClock(text: string): number | null {
  const match = /^(\d{1,2})[:.]?(\d{2})(?::\d{2})?$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** What was typed, written the one way the page shows times ("09:30"), or null if not a time. */
export function normaliseClock(text: string): string | null {
  const minutes = parseClock(text);
  return minutes === null ? null : `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** A time typed for `date` → the instant, or null when it is not a time. */
export function clockToUtc(date: IsoDate, text: string, timeZone: string): number | null {
  const minutes = parseClock(text);
  return minutes === null ? null : zonedToUtc(date, minutes, timeZone);
}

/** ISO-8601 with an explicit UTC offset, as the API wants. */
export function isoUtc(utcMs: number): string {
  return new Date(utcMs).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A YYYY-MM-DD string that is a real date. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const when = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(when.getTime()) && when.toISOString().slice(0, 10) === text;
}
