// When to try the WebSocket again: 0.5 s, doubling up to 10 s; a successful open starts over.

export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;

/** Delay before reconnect attempt number `attempt` (0 = the first retry after a drop). */
export function backoffDelay(attempt: number): number {
  const safeAttempt = Math.max(0, Math.floor(attempt));
  // 2 ** 5 * 500 already exceeds the cap; stop doubling before the number gets silly.
  const doubled = FIRST_DELAY_MS * 2 ** Math.min(safeAttempt, 10);
  return Math.min(MAX_DELAY_MS, doubled);
}

export interface Backoff {
  /** The delay to wait now; each call moves to the next, longer one. */
  next(): number;
  /** Call after a successful connection. */
  reset(): void;
}

export function createBackoff(): Backoff {
  let attempt = 0;
  return {
    next: () => backoffDelay(attempt++),
    reset: () => {
      attempt = 0;
    },
  };
}
