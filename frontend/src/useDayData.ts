// Everything the Labels tab shows for one day, loaded together and reloaded when it changes.

import { useMemo } from 'preact/hooks';
import { DEFAULT_NAMES, dayRequests } from './dayRequests';
import { takeEarly, takeSettled } from './early';
import { useLoad, type Loadable } from './hooks';
import { viewExtent } from './timeline/scale';
import { activityRuns, byMinute, predictionRuns, spanBlock, type SpanBlock } from './timeline/spans';
import type { TimelineData } from './components/Timeline';
import type { ActivityDay, LabelSpan, Predictions } from './types';
import { dayBounds, type DayBounds } from './zone';

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
