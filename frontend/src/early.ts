// Requests started before the component that wants them exists (the page's first paint), kept
// for it to take once. An answer nobody takes within a few seconds is dropped, not reused: the
// data may have changed since. An answer already in when its taker first renders is handed
// over as a value (`takeSettled`), so that render shows it instead of a loading state.

import type { Loadable } from './hooks';

const EARLY_TTL_MS = 10_000;

/** The key /api/info is started under before the dashboard's code is loaded (main.tsx). */
export const INFO_KEY = 'info';

interface Started {
  at: number;
  answer: Promise<unknown>;
  settled?: Loadable<unknown>;
}

const started = new Map<string, Started>();

export function startEarly(key: string, load: () => Promise<unknown>, now = Date.now()): void {
  if (started.has(key)) return;
  const answer = load();
  const entry: Started = { at: now, answer };
  answer.then(
    (value) => (entry.settled = { state: 'ready', value }),
    (error: unknown) => (entry.settled = { state: 'failed', error }), // reported to its taker
  );
  started.set(key, entry);
}

/** The early answer for `key` as a value if it is fresh and already in (once), else null. */
export function takeSettled<T>(key: string, now = Date.now()): Loadable<T> | null {
  const early = started.get(key);
  if (!early?.settled || now - early.at > EARLY_TTL_MS) return null;
  started.delete(key);
  return early.settled as Loadable<T>;
}

/** The early answer for `key` if there is a fresh one (once), else a new request. */
export function takeEarly<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const early = started.get(key);
  started.delete(key);
  if (early && now - early.at <= EARLY_TTL_MS) return early.answer as Promise<T>;
  return load();
}
