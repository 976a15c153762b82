import { describe, expect, it } from 'vitest';
import { clockDate, clockTime, clockToUtc, dayBounds, isIsoDate, isoUtc, normaliseClock, parseClock, zonedToUtc } from './zone';

const H = 3_600_000;

describe('server-zone clock', () => {
  it('finds local midnight in UTC and in a zone east of it', () => {
    expect(zonedToUtc('2026-01-10', 0, 'UTC')).toBe(Date.UTC(2026, 0, 10));
    expect(zonedToUtc('2026-01-10', 0, 'Europe/Berlin')).toBe(Date.UTC(2026, 0, 9, 23));
    expect(zonedToUtc('2026-01-10', 9 * 60 + 30, 'America/New_York')).toBe(Date.UTC(2026, 0, 10, 14, 30));
  });

  it('gives days of 23 and 25 hours across daylight-saving changes', () => {
    const spring = dayBounds('2026-03-29', 'Europe/Berlin');
    const autumn = dayBounds('2026-10-25', 'Europe/Berlin');
    expect((spring.end - spring.start) / H).toBe(23);
    expect((autumn.end - autumn.start) / H).toBe(25);
  });

  it('reads instants back as the zone shows them', () => {
    const when = Date.UTC(2026, 0, 9, 23, 5);
    expect(clockTime(when, 'Europe/Berlin')).toBe('00:05');
    expect(clockDate(when, 'Europe/Berlin')).toBe('2026-01-10');
    expect(clockTime(when, 'UTC')).toBe('23:05');
  });

  it('parses typed times and refuses nonsense', () => {
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('9:05:00')).toBe(545);
    expect(parseClock('24:00')).toBe(1440);
    expect([parseClock('25:00'), parseClock('12:60'), parseClock(''), parseClock('noon')]).toEqual([
      null, null, null, null,
    ]);
    expect(clockToUtc('2026-01-10', '10:00', 'UTC')).toBe(Date.UTC(2026, 0, 10, 10));
    expect(clockToUtc('2026-01-10', 'x', 'UTC')).toBeNull();
  });

  it('takes times on the 24-hour clock only, whatever the browser\'s locale', () => {
    expect(['9:30', '09:30', '930', '0930', '9.30', '21:05', '2105', '24:00', '0:00']
      .map(normaliseClock)).toEqual(['09:30', '09:30', '09:30', '09:30', '09:30', '21:05', '21:05', '24:00', '00:00']);
    expect(['9:30 PM', '9:30pm', '12', '24:30', '9:7', '', ' '].map(normaliseClock)).toEqual([
      null, null, null, null, null, null, null,
    ]);
  });

  it('writes ISO with an explicit offset and checks dates', () => {
    expect(isoUtc(Date.UTC(2026, 0, 10, 10, 2))).toBe('2026-01-10T10:02:00+00:00');
    expect([isIsoDate('2026-01-10'), isIsoDate('2026-02-30'), isIsoDate('26-1-1')]).toEqual([true, false, false]);
  });

  it('reads the clock right on both sides of an offset change, also one inside a UTC hour', () => {
    // Berlin springs forward at 01:00 UTC; St John's (UTC-3:30) at 05:30 UTC, mid-hour.
    expect(clockTime(Date.UTC(2026, 2, 29, 0, 59), 'Europe/Berlin')).toBe('01:59');
    expect(clockTime(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Berlin')).toBe('03:00');
    expect(clockTime(Date.UTC(2026, 2, 8, 5, 29), 'America/St_Johns')).toBe('01:59');
    expect(clockTime(Date.UTC(2026, 2, 8, 5, 30), 'America/St_Johns')).toBe('03:00');
    expect(clockTime(Date.UTC(2026, 2, 8, 5, 10), 'America/St_Johns')).toBe('01:40'); // asked again: same
    expect(zonedToUtc('2026-03-08', 4 * 60, 'America/St_Johns')).toBe(Date.UTC(2026, 2, 8, 6, 30));
  });

  it('falls back to UTC for a zone the browser does not know', () => {
    expect(zonedToUtc('2026-01-10', 60, 'Not/AZone')).toBe(Date.UTC(2026, 0, 10, 1));
  });
});
