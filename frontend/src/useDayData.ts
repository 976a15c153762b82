// Everything the Labels tab shows for one day, loaded together and reloaded when it changes.

import { useMemo } from 'preact/hooks';
import { api, ApiError } from './api';
import { useLoad, type Loadable } from './hooks';
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
 * No model yet is not an error: the timeline leaves the Model band out. The model list is
 * asked first, so a page without a model does not make a 404 (browsers log those as errors).
 */
async function loadPredictions(date: string): Promise<Predictions | null> {
  const models = await api.models().catch(() => null);
  if (models && !models.some((m) => m.active)) return null;
  try {
    return await api.predictions(date);
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

export function useDayData(date: string, timeZone: string, labelsVersion: number, modelsVersion: number): DayData {
  const [spans, reloadSpans] = useLoad(() => api.labels(date, date), [date, labelsVersion]);
  const [activity] = useLoad(() => api.activity(date), [date]);
  const [predictionLoad] = useLoad(() => loadPredictions(date), [date, modelsVersion]);
  const [namesLoad] = useLoad(loadNames, [labelsVersion]);

  const spanList = spans.state === 'ready' ? spans.value : [];
  const minutes = activity.state === 'ready' ? activity.value.minutes : [];
  const predictions = predictionLoad.state === 'ready' ? predictionLoad.value : null;

  return useMemo(() => {
    const blocks = spanList.map(spanBlock);
    const rows = predictions?.rows ?? [];
    const timeline: TimelineData = {
      activity: activityRuns(minutes),
      spans: blocks,
      predictions: predictions ? predictionRuns(rows) : null,
      activityAt: byMinute(minutes.filter((m) => m.app)),
      predictionAt: byMinute(rows),
    };
    const day = dayBounds(date, timeZone);
    const times = [
      ...timeline.activity.flatMap((r) => [r.start, r.end]),
      ...blocks.flatMap((b) => [b.start, b.end]),
    ];
    const extent = viewExtent(day, times);
    const used = spanList.map((s) => s.label);
    const known = namesLoad.state === 'ready' ? namesLoad.value : DEFAULT_NAMES;
    const names = [...new Set([...known, ...used])];
    return { spans, activity, predictions, names, blocks, timeline, day, extent, reloadSpans };
  }, [spans, activity, predictionLoad, namesLoad, date, timeZone]);
}
