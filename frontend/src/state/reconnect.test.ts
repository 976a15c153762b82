import { describe, expect, it } from 'vitest';
import { backoffDelay, createBackoff, MAX_DELAY_MS } from './reconnect';

describe('backoff', () => {
  it('starts at 0.5 s and doubles up to 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(backoffDelay)).toEqual([
      500, 1000, 2000, 4000, 8000, 10000, 10000, 10000,
    ]);
  });

  it('never exceeds the cap, even for huge or odd attempt numbers', () => {
    expect(backoffDelay(1e9)).toBe(MAX_DELAY_MS);
    expect(backoffDelay(-3)).toBe(500);
  });

  it('walks the schedule and starts over after a reset', () => {
    const backoff = createBackoff();
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([500, 1000, 2000]);
    backoff.reset();
    expect(backoff.next()).toBe(500);
  });
});
