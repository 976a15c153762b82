import { durationText, rangeText, type SpanBlock } from '../timeline/spans';
import type { LabelSpan } from '../types';
import { labelColour } from '../timeline/bands';

/** The day's spans as a table: the precise and screen-reader way to reach each one. */
export function SpanTable({ spans, blocks, timeZone, date, editingId, onEdit }: {
  spans: LabelSpan[];
  blocks: SpanBlock[];
  timeZone: string;
  date: string;
  editingId: number | null;
  onEdit: (id: number) => void;
}) {
  if (spans.length === 0) {
    return <p class="empty-state" data-testid="no-spans">No labels on this day yet.</p>;
  }
  return (
    <div class="table-box">
      <table class="table span-table" aria-label="Label spans" data-testid="span-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Label</th>
            <th scope="col">Length</th>
            <th scope="col" class="col-source">Source</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {spans.map((span, i) => {
            const block = blocks[i];
            const time = rangeText(block.start, block.end, timeZone, date);
            return (
              <tr key={span.id} data-span-id={span.id} class={span.id === editingId ? 'row-editing' : undefined}>
                <td class="nowrap">{time}</td>
                <td>
                  <svg class="swatch" width="12" height="12" aria-hidden="true">
                    <rect width="12" height="12" rx="2" fill={labelColour(span.label)} />
                  </svg>
                  {span.label}
                </td>
                <td class="nowrap">{durationText(block.end - block.start)}</td>
                <td class="col-source">{span.source}</td>
                <td>
                  <button
                    type="button"
                    class="button button-quiet"
                    aria-label={`Edit ${span.label} ${time}`}
                    aria-pressed={span.id === editingId}
                    onClick={() => onEdit(span.id)}
                  >
                    Edit
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
