// Requests started before the component that wants them exists (the page's first paint), kept
// for it to take once. An answer nobody takes within a few seconds is dropped, not reused: the
// data may have changed since.

const EARLY_TTL_MS = 10_000;

interface Started {
  at: number;
  answer: Promise<unknown>;
}

const started = new Map<string, Started>();

export function startEarly(key: string, load: () => Promise<unknown>, now = Date.now()): void {
  if (started.has(key)) return;
  const answer = load();
  answer.catch(() => undefined); // a failure is reported to whoever takes it, not as unhandled
  started.set(key, { at: now, answer });
}

/** The early answer for `key` if there is a fresh one (once), else a new request. */
export function takeEarly<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const early = started.get(key);
  started.delete(key);
  if (early && now - early.at <= EARLY_TTL_MS) return early.answer as Promise<T>;
  return load();
}
