import { useEffect, useState } from 'preact/hooks';
import { minutesIn, type Range } from '../timeline/selection';
import { durationText } from '../timeline/spans';
import { clockTime, clockToUtc, parseClock } from '../zone';
import { Card } from './Card';
import { ClockInput } from './ClockInput';
import { LabelPicker } from './LabelPicker';

interface Props {
  date: string;
  timeZone: string;
  selection: Range | null;
  onSelection: (range: Range | null) => void;
  names: string[];
  label: string;
  onLabel: (label: string) => void;
  busy: boolean;
  onSave: () => void;
}

/** The selected time as From/To boxes (typed or from the timeline), a label, and Save. */
export function SelectionForm({ date, timeZone, selection, onSelection, names, label, onLabel, busy, onSave }: Props) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [typedError, setTypedError] = useState<string | null>(null);

  // The timeline's selection shows in the boxes; typing there sets the selection.
  useEffect(() => {
    setFrom(selection ? clockTime(selection.start, timeZone) : '');
    setTo(selection ? clockTime(selection.end, timeZone) : '');
    setTypedError(null);
  }, [selection?.start, selection?.end, timeZone]);

  const applyTyped = (nextFrom: string, nextTo: string) => {
    if (!nextFrom || !nextTo) return;
    const start = clockToUtc(date, nextFrom, timeZone);
    // "To" 00:00 is the midnight that ends the day.
    const end = clockToUtc(date, parseClock(nextTo) === 0 ? '24:00' : nextTo, timeZone);
    if (start === null || end === null) return setTypedError('Type times as HH:MM.');
    if (end <= start) return setTypedError('"To" must be after "From".');
    setTypedError(null);
    onSelection({ start, end });
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (!busy && selection && label.trim()) onSave();
  };
  const missing = !selection ? 'Select a stretch on the timeline or type From and To.' : !label.trim() ? 'Pick or type a label.' : null;

  return (
    <Card id="new-label" title="Label a stretch">
      <form class="label-form" onSubmit={submit} noValidate>
        <div class="time-pair">
          <div class="field">
            <label for="sel-from">From</label>
            <ClockInput id="sel-from" value={from} invalid={typedError !== null} onInput={setFrom} onCommit={(typed) => applyTyped(typed, to)} />
          </div>
          <div class="field">
            <label for="sel-to">To</label>
            <ClockInput id="sel-to" value={to} invalid={typedError !== null} onInput={setTo} onCommit={(typed) => applyTyped(from, typed)} />
          </div>
          <p class="muted small selection-length" data-testid="selection-length">
            {selection ? durationText(minutesIn(selection) * 60_000) : 'nothing selected'}
          </p>
        </div>
        {typedError && (
          <p class="note note-danger" role="alert">
            {typedError}
          </p>
        )}
        <LabelPicker id="new-label-name" names={names} value={label} onInput={onLabel} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy || missing !== null} aria-describedby={missing ? 'new-label-missing' : undefined}>
            Save label
          </button>
          {selection && (
            <button type="button" class="button button-quiet" onClick={() => onSelection(null)}>
              Clear selection
            </button>
          )}
          {missing && (
            <span class="muted small" id="new-label-missing">
              {missing}
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}
