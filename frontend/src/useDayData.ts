// Everything the Labels tab shows for one day, loaded together and reloaded when it changes.

import { useMemo } from 'preact/hooks';
import { api, ApiError } from './api';
import { startEarly, takeEarly, takeSettled } from './early';
import { useLoad, type Loadable } from './hooks';
import type { Route } from './route';
import { viewExtent } from './timeline/scale';
import { activityRuns, byMinute, predictionRuns, spanBlock, type SpanBlock } from './timeline/spans';
import type { TimelineData } from './components/Timeline';
import type { ActivityDay, LabelSpan, Predictions } from './types';
import { dayBounds, type DayBounds } from './zone';

const DEFAULT_NAMES = ['Build', 'Debug', 'Review', 'Write', 'ReadResearch', 'Communicate', 'Meet', 'BreakIdle'];

export interface DayData {
  spans: Loadable<LabelSpan[]>;
  activity: Loadable<ActivityDay>;
  /** null when no model is active (404). */
  predictions: Predictions | null;
  names: string[];
  blocks: SpanBlock[];
  timeline: TimelineData;
  day: DayBounds;
  extent: DayBounds;
  reloadSpans: () => void;
}

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
function dayRequests(date: string) {
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

export function useDayData(date: string, timeZone: string, labelsVersion: number, modelsVersion: number): DayData {
  const requests = dayRequests(date);
  const early = <T,>([key]: readonly [string, unknown]) => () => takeSettled<T>(key);
  const [spans, reloadSpans] = useLoad(() => takeEarly(...requests.spans), [date, labelsVersion], early(requests.spans));
  const [activity] = useLoad(() => takeEarly(...requests.activity), [date], early(requests.activity));
  const [predictionLoad] = useLoad(
    () => takeEarly(...requests.predictions),
    [date, modelsVersion],
    early(requests.predictions),
  );
  const [namesLoad] = useLoad(() => takeEarly(...requests.names), [labelsVersion], early(requests.names));

  const spanList = spans.state === 'ready' ? spans.value : null;
  const minutes = activity.state === 'ready' ? activity.value.minutes : null;
  const predictions = predictionLoad.state === 'ready' ? predictionLoad.value : null;

  // Each band is worked out again only when its own answer changes.
  const blocks = useMemo(() => (spanList ?? []).map(spanBlock), [spanList]);
  const activityBand = useMemo(() => {
    const recorded = (minutes ?? []).filter((m) => m.app);
    return { runs: activityRuns(recorded), at: byMinute(recorded) };
  }, [minutes]);
  const predictionBand = useMemo(
    () => (predictions ? { runs: predictionRuns(predictions.rows), at: byMinute(predictions.rows) } : null),
    [predictions],
  );
  const timeline: TimelineData = useMemo(
    () => ({
      activity: activityBand.runs,
      spans: blocks,
      predictions: predictionBand?.runs ?? null,
      activityAt: activityBand.at,
      predictionAt: predictionBand?.at ?? new Map(),
    }),
    [activityBand, blocks, predictionBand],
  );
  const day = useMemo(() => dayBounds(date, timeZone), [date, timeZone]);
  const extent = useMemo(() => {
    const times = [...activityBand.runs.flatMap((r) => [r.start, r.end]), ...blocks.flatMap((b) => [b.start, b.end])];
    return viewExtent(day, times);
  }, [day, activityBand, blocks]);
  // A fresh object only when its bounds move, so the timeline's axis stays put otherwise.
  const stableExtent = useMemo(() => extent, [extent.start, extent.end]);
  const names = useMemo(() => {
    const known = namesLoad.state === 'ready' ? namesLoad.value : DEFAULT_NAMES;
    return [...new Set([...known, ...(spanList ?? []).map((s) => s.label)])];
  }, [namesLoad, spanList]);

  return { spans, activity, predictions, names, blocks, timeline, day, extent: stableExtent, reloadSpans };
}
