// The timeline's three bands. Activity and Model are drawn as one path per colour (a day is
// hundreds of runs; what a minute holds is told by the hover tip and the readout); label
// spans stay one element each, since each is clicked, edited and named.

import { categoryColour, labelColour } from '../timeline/bands';
import { byColour, fittedText, stretchesPath } from '../timeline/paths';
import { xOf, type Scale } from '../timeline/scale';
import { durationText, rangeText, type ActivityRun, type PredictionRun, type SpanBlock } from '../timeline/spans';

export const AXIS_H = 24;
export const BAND_H = 30;
const BAND_GAP = 8;

export function bandY(index: number): number {
  return AXIS_H + index * (BAND_H + BAND_GAP);
}

interface BandProps {
  scale: Scale;
}

function NameInside({ scale, start, end, y, text }: { scale: Scale; start: number; end: number; y: number; text: string }) {
  const x = xOf(scale, start);
  const shown = fittedText(text, xOf(scale, end) - x);
  if (!shown) return null;
  return (
    <text x={x + 4} y={y + BAND_H / 2 + 4} class="tl-block-text" aria-hidden="true">
      {shown}
    </text>
  );
}

export function ActivityBand({ runs, scale }: BandProps & { runs: ActivityRun[] }) {
  const y = bandY(0);
  return (
    <g class="tl-activity">
      {byColour(runs, (run) => categoryColour(run.items[0].category)).map(([colour, same]) => (
        <path key={colour} d={stretchesPath(same, scale, y, BAND_H)} fill={colour} />
      ))}
    </g>
  );
}

export function PredictionBand({ runs, scale }: BandProps & { runs: PredictionRun[] }) {
  const y = bandY(2);
  return (
    <g class="tl-model">
      {byColour(runs, (run) => labelColour(run.key)).map(([colour, same]) => (
        <path key={colour} class="tl-prediction" d={stretchesPath(same, scale, y, BAND_H)} fill={colour} />
      ))}
      {runs.map((run) => (
        <NameInside key={run.start} scale={scale} start={run.start} end={run.end} y={y} text={run.key} />
      ))}
    </g>
  );
}

export function SpanBand({ spans, editingId, scale, timeZone, date }: BandProps & {
  spans: SpanBlock[];
  editingId: number | null;
  timeZone: string;
  date: string;
}) {
  const y = bandY(1);
  return (
    <g class="tl-labels">
      {spans.map((span) => {
        const start = Math.max(span.start, scale.start);
        const end = Math.min(span.end, scale.end);
        const x = xOf(scale, start);
        return (
          <g key={span.id} data-span-id={span.id} class={`tl-span${span.id === editingId ? ' tl-span-editing' : ''}`}>
            <rect x={x} y={y} width={Math.max(1, xOf(scale, end) - x)} height={BAND_H} fill={labelColour(span.label)} rx={2}>
              <title>{`${span.label} ${rangeText(span.start, span.end, timeZone, date)} (${durationText(span.end - span.start)})`}</title>
            </rect>
            <NameInside scale={scale} start={start} end={end} y={y} text={span.label} />
          </g>
        );
      })}
    </g>
  );
}
