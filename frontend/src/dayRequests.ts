// The Labels tab's requests for one day, in a module of their own so the page's entry can
// start them before the rest of the dashboard's code has even been fetched (main.tsx).

import { api, ApiError } from './api';
import { startEarly } from './early';
import type { Route } from './route';
import type { Predictions } from './types';

export const DEFAULT_NAMES = ['Build', 'Debug', 'Review', 'Write', 'ReadResearch', 'Communicate', 'Meet', 'BreakIdle'];

/**
 * No model yet is not an error: the timeline leaves the Model band out. One request: with
 * `when_none=empty` the server answers "no model" with `model_id: null` instead of a 404
 * (browsers log those as errors), so the model list need not be asked first.
 */
async function loadPredictions(date: string): Promise<Predictions | null> {
  try {
    const answer = await api.predictions(date);
    return answer.model_id === null ? null : (answer as Predictions);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return null;
    throw error;
  }
}

async function loadNames(): Promise<string[]> {
  try {
    return (await api.labelNames()).labels;
  } catch {
    return DEFAULT_NAMES;
  }
}

/** The day's requests, each under the key its early start (if any) was kept under. */
export function dayRequests(date: string) {
  return {
    // First: scoring a day the model has not seen is the slowest of the four.
    predictions: [`predictions ${date}`, () => loadPredictions(date)],
    spans: [`labels ${date}`, () => api.labels(date, date)],
    activity: [`activity ${date}`, () => api.activity(date)],
    names: ['label names', loadNames],
  } as const;
}

/**
 * A page opened on `#/labels/DAY` knows its day before the server's settings arrive: ask for
 * the day at once, in parallel with /api/info, instead of after it.
 */
export function startDayEarly(route: Route): void {
  if (route.tab !== 'labels' || !route.date) return;
  for (const [key, load] of Object.values(dayRequests(route.date))) startEarly(key, load);
}
