import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useElementWidth } from '../hooks';
import { hourTicks, makeScale, minuteAt, xOf } from '../timeline/scale';
import { cursorKey, rangeFromDrag, spanAt, type Cursor } from '../timeline/selection';
import type { ActivityRun, PredictionRun, SpanBlock } from '../timeline/spans';
import { ActivityBand, AXIS_H, BAND_H, bandY, PredictionBand, SpanBand } from './TimelineBands';
import type { ActivityMinute, PredictionRow } from '../types';
import { clockTime, type DayBounds } from '../zone';

export interface TimelineData {
  activity: ActivityRun[];
  spans: SpanBlock[];
  /** null: no active model, so no Model band. */
  predictions: PredictionRun[] | null;
  activityAt: Map<number, ActivityMinute>;
  predictionAt: Map<number, PredictionRow>;
}

interface Props {
  date: string;
  timeZone: string;
  extent: DayBounds;
  data: TimelineData;
  cursor: Cursor;
  onCursor: (cursor: Cursor) => void;
  editingId: number | null;
  onOpenSpan: (id: number) => void;
  /** Enter with a selection: go on to naming it. */
  onLabelSelection: () => void;
}

const GUTTER = 76;
const PAD_RIGHT = 16;
const PX_PER_HOUR = 48;

/** What one minute holds, in words: the cursor's readout and the hover tip. */
function readout(ms: number, data: TimelineData, timeZone: string): string {
  const parts = [clockTime(ms, timeZone)];
  const app = data.activityAt.get(ms);
  parts.push(app?.app ? `${app.app} (${app.category ?? 'other'})` : 'no activity');
  const span = spanAt(data.spans, ms);
  parts.push(span ? `label ${span.label}` : 'no label');
  const row = data.predictionAt.get(ms);
  if (data.predictions) parts.push(row ? `model ${row.label} ${Math.round(row.confidence * 100)}%` : 'no prediction');
  return parts.join(' · ');
}

/** Where the hover tip goes: beside the mouse, on the side with more room, inside the box. */
interface Hover {
  at: number;
  /** CSS for the tip: left or right edge, top, and the room it may take before wrapping. */
  place: Record<string, string>;
}

const TIP_GAP = 8;

function hoverAt(event: PointerEvent, at: number, root: HTMLElement | null): Hover | null {
  if (!root) return null;
  const box = root.getBoundingClientRect();
  const x = event.clientX - box.left;
  const top = `${event.clientY - box.top + 18}px`;
  const place: Record<string, string> =
    x <= box.width / 2
      ? { left: `${x + TIP_GAP}px`, top, maxWidth: `${box.width - x - 2 * TIP_GAP}px` }
      : { right: `${box.width - x + TIP_GAP}px`, top, maxWidth: `${x - 2 * TIP_GAP}px` };
  return { at, place };
}

export function Timeline({ date, timeZone, extent, data, cursor, onCursor, editingId, onOpenSpan, onLabelSelection }: Props) {
  const [boxRef, boxWidth] = useElementWidth<HTMLDivElement>(960);
  const hours = (extent.end - extent.start) / 3_600_000;
  const width = Math.max(boxWidth, Math.round(hours * PX_PER_HOUR) + GUTTER + PAD_RIGHT);
  const scale = useMemo(() => makeScale(extent.start, extent.end, GUTTER, width - PAD_RIGHT), [extent.start, extent.end, width]);
  const bands = data.predictions ? 3 : 2;
  const height = bandY(bands) + 2;
  const drag = useRef<{ from: number; spanId: number | null; moved: boolean } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);

  const minuteOf = (event: PointerEvent) => {
    const box = svgRef.current!.getBoundingClientRect();
    return minuteAt(scale, event.clientX - box.left);
  };

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    const target = (event.target as Element).closest('[data-span-id]');
    const from = minuteOf(event);
    drag.current = { from, spanId: target ? Number(target.getAttribute('data-span-id')) : null, moved: false };
    svgRef.current?.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent) => {
    const current = drag.current;
    if (!current) {
      if (event.pointerType === 'mouse') setHover(hoverAt(event, minuteOf(event), rootRef.current));
      return;
    }
    const at = minuteOf(event);
    if (at === current.from && !current.moved) return;
    current.moved = true;
    onCursor({ at, anchor: current.from, selection: rangeFromDrag(current.from, at) });
  };
  const onPointerUp = () => {
    const current = drag.current;
    drag.current = null;
    if (!current) return;
    if (current.moved) return;
    if (current.spanId !== null) onOpenSpan(current.spanId);
    else onCursor({ at: current.from, anchor: null, selection: null });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (cursor.selection) onLabelSelection();
      else {
        const span = spanAt(data.spans, cursor.at);
        if (span) onOpenSpan(span.id);
      }
      return;
    }
    const next = cursorKey(cursor, event.key, event.shiftKey, extent);
    if (!next) return;
    event.preventDefault();
    onCursor(next);
  };

  // Keep the cursor in view when the timeline scrolls inside its box (narrow screens).
  useEffect(() => {
    const box = boxRef.current;
    if (!box || box.scrollWidth <= box.clientWidth) return;
    const x = xOf(scale, cursor.at);
    if (x < box.scrollLeft + GUTTER) box.scrollLeft = Math.max(0, x - GUTTER - 24);
    else if (x > box.scrollLeft + box.clientWidth - 24) box.scrollLeft = x - box.clientWidth + 48;
  }, [cursor.at]);

  // The same element while its inputs stay the same: Preact then skips the band entirely, so
  // moving the cursor, selecting or another band's answer arriving redraws none of it.
  const activityBand = useMemo(
    () => <ActivityBand runs={data.activity} scale={scale} />,
    [data.activity, scale],
  );
  const spanBand = useMemo(
    () => <SpanBand spans={data.spans} editingId={editingId} scale={scale} timeZone={timeZone} date={date} />,
    [data.spans, editingId, scale, timeZone, date],
  );
  const predictionBand = useMemo(
    () => data.predictions && <PredictionBand runs={data.predictions} scale={scale} />,
    [data.predictions, scale],
  );

  const ticks = hourTicks(date, timeZone, extent, scale.right - scale.left);
  const sel = cursor.selection;
  const cursorX = xOf(scale, cursor.at);
  const names = ['Activity', 'Labels', ...(data.predictions ? ['Model'] : [])];

  return (
    <div class="timeline" ref={rootRef}>
      <div class="timeline-box" ref={boxRef}>
        <svg
          ref={svgRef}
          class="timeline-svg"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          // Lower case: SVG attributes are case-sensitive, and `tabIndex` would not make it focusable.
          tabindex={0}
          role="application"
          aria-label="Timeline"
          aria-roledescription="timeline"
          aria-describedby="timeline-help timeline-readout"
          data-testid="timeline"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => (drag.current = null)}
          onPointerLeave={() => setHover(null)}
          onKeyDown={onKeyDown}
        >
          {ticks.map((t) => (
            <g key={t} class="tl-tick">
              <line x1={xOf(scale, t)} x2={xOf(scale, t)} y1={AXIS_H - 6} y2={height} />
              <text x={xOf(scale, t)} y={AXIS_H - 10} text-anchor="middle">
                {clockTime(t, timeZone)}
              </text>
            </g>
          ))}
          {names.map((name, i) => (
            <g key={name}>
              <rect class="tl-band-bg" x={GUTTER} y={bandY(i)} width={scale.right - GUTTER} height={BAND_H} />
              <text class="tl-band-name" x={8} y={bandY(i) + BAND_H / 2 + 5}>
                {name}
              </text>
            </g>
          ))}
          {activityBand}
          {spanBand}
          {predictionBand}
          {sel && (
            <rect
              class="tl-selection"
              x={xOf(scale, sel.start)}
              y={AXIS_H - 4}
              width={Math.max(2, xOf(scale, sel.end) - xOf(scale, sel.start))}
              height={height - AXIS_H + 2}
              data-testid="timeline-selection"
            />
          )}
          <line class="tl-cursor" x1={cursorX} x2={cursorX} y1={AXIS_H - 4} y2={height} />
        </svg>
      </div>
      {hover && !drag.current && (
        <div class="tl-tip" style={hover.place} aria-hidden="true" data-testid="timeline-tip">
          {readout(hover.at, data, timeZone)}
        </div>
      )}
      <p class="timeline-readout" id="timeline-readout" aria-live="polite" data-testid="timeline-readout">
        {readout(cursor.at, data, timeZone)}
      </p>
    </div>
  );
}
