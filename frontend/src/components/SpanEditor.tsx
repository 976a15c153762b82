import { useEffect, useState } from 'preact/hooks';
import { rangeText, type SpanBlock } from '../timeline/spans';
import { clockDate, clockTime, clockToUtc, isoUtc, parseClock } from '../zone';
import type { SpanPatch } from '../types';
import { Card } from './Card';
import { ClockInput } from './ClockInput';
import { LabelPicker } from './LabelPicker';

interface Props {
  span: SpanBlock;
  timeZone: string;
  names: string[];
  busy: boolean;
  onSave: (patch: SpanPatch) => void;
  onDelete: () => void;
  onClose: () => void;
}

/** Edit one span's start, end and label, or delete it. Times are on the span's own days. */
export function SpanEditor({ span, timeZone, names, busy, onSave, onDelete, onClose }: Props) {
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [label, setLabel] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setStart(clockTime(span.start, timeZone));
    setEnd(clockTime(span.end, timeZone));
    setLabel(span.label);
    setProblem(null);
  }, [span.id, span.start, span.end, span.label, timeZone]);

  const submit = (event: Event) => {
    event.preventDefault();
    const startDay = clockDate(span.start, timeZone);
    const endDay = clockDate(span.end - 60_000, timeZone);
    const newStart = clockToUtc(startDay, start, timeZone);
    const newEnd = clockToUtc(endDay, parseClock(end) === 0 ? '24:00' : end, timeZone);
    if (newStart === null || newEnd === null) return setProblem('Type times as HH:MM.');
    if (newEnd <= newStart) return setProblem('"End" must be after "Start".');
    if (!label.trim()) return setProblem('The label cannot be empty.');
    setProblem(null);
    const patch: SpanPatch = {};
    if (newStart !== span.start) patch.start_ts = isoUtc(newStart);
    if (newEnd !== span.end) patch.end_ts = isoUtc(newEnd);
    if (label.trim() !== span.label) patch.label = label.trim();
    if (Object.keys(patch).length === 0) return setProblem('Nothing changed.');
    onSave(patch);
  };

  return (
    <Card
      id="edit-span"
      title="Edit span"
      aside={
        <button type="button" class="button button-quiet" onClick={onClose}>
          Close
        </button>
      }
    >
      <p class="card-intro" data-testid="editing-span">
        <strong>{span.label}</strong>, {rangeText(span.start, span.end, timeZone)}
      </p>
      <form class="label-form" onSubmit={submit} noValidate>
        <div class="time-pair">
          <div class="field">
            <label for="edit-start">Start</label>
            <ClockInput id="edit-start" value={start} onInput={setStart} />
          </div>
          <div class="field">
            <label for="edit-end">End</label>
            <ClockInput id="edit-end" value={end} onInput={setEnd} />
          </div>
        </div>
        <LabelPicker id="edit-label" names={names} value={label} onInput={setLabel} />
        {problem && (
          <p class="note note-danger" role="alert">
            {problem}
          </p>
        )}
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            Save changes
          </button>
          <button type="button" class="button button-danger" disabled={busy} onClick={onDelete}>
            Delete
          </button>
        </div>
      </form>
    </Card>
  );
}
