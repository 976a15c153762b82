import { useState } from 'preact/hooks';
import { api } from '../api';
import { useLoad } from '../hooks';
import { acceptStretch, heldMinutes, type Stretch, type SuggestionRun } from '../state/suggestion';
import { rangeText } from '../timeline/spans';
import { useSpanSaver, type Saved } from '../useSpanSaver';
import { clockDate, clockTime, isoUtc } from '../zone';
import { Badge } from './Badge';
import { Card } from './Card';
import { ErrorNote } from './ErrorNote';
import { LabelPicker } from './LabelPicker';
import { Notice, type NoticeValue } from './Notice';
import { OverlapDialog } from './OverlapDialog';

interface Props {
  run: SuggestionRun | null;
  paused: boolean;
  timeZone: string;
  modelId: string | null;
}

/** The tray's current suggestion, with Accept and "This is wrong" for the stretch it held. */
export function SuggestionCard({ run, paused, timeZone, modelId }: Props) {
  const [names] = useLoad(() => api.labelNames().then((r) => r.labels, () => [] as string[]), []);
  const [correcting, setCorrecting] = useState<Stretch | null>(null);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<NoticeValue | null>(null);

  const onSaved = (saved: Saved) => {
    if (saved.kind === 'import') return;
    const { span } = saved;
    const when = rangeText(Date.parse(span.start_ts), Date.parse(span.end_ts), timeZone);
    const text = span.duplicate ? `${span.label} ${when} was already recorded.` : `Recorded ${span.label} ${when}.`;
    setNotice({ text, warnings: span.warnings ?? [] });
    setCorrecting(null);
  };
  const saver = useSpanSaver(onSaved);

  const record = async (stretch: Stretch, source?: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const body = { start_ts: isoUtc(stretch.start), end_ts: isoUtc(stretch.end), label: stretch.label };
      await saver.save({ kind: 'create', body: source ? { ...body, source } : body });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (!run) {
    return (
      <Card id="suggestion" title="Current suggestion">
        <p class="empty-state" data-testid="no-suggestion">
          {paused
            ? 'Suggestions are paused. Resume them to see what the model thinks you are doing.'
            : modelId
              ? 'Waiting for the first complete minute of activity…'
              : 'No model is active yet. Train one on the Training tab; the tray switches to it by itself.'}
        </p>
      </Card>
    );
  }

  const event = run.latest;
  const confidence = Math.round((event.smoothed_confidence ?? event.confidence) * 100);
  const stretch = acceptStretch(run);
  const held = heldMinutes(run);
  const names_ = names.state === 'ready' ? names.value : [];

  return (
    <Card id="suggestion" title="Current suggestion" aside={paused ? <Badge tone="warning">paused</Badge> : undefined}>
      <div class="suggestion" data-testid="suggestion">
        <div class="suggestion-head">
          <p class="suggestion-label" data-testid="suggestion-label">
            {run.label}
          </p>
          {event.unsure && (
            <Badge tone="warning" testId="unsure-badge">
              unsure
            </Badge>
          )}
        </div>
        <div class="confidence">
          <span class="confidence-text" data-testid="suggestion-confidence">
            {confidence}% confident
          </span>
          <div class="confidence-bar" aria-hidden="true">
            <div class={`confidence-fill${event.unsure ? ' confidence-unsure' : ''}`} style={{ width: `${confidence}%` }} />
          </div>
        </div>
        <p class="suggestion-reason" data-testid="suggestion-reason">
          {event.reason}
        </p>
        <p class="muted" data-testid="suggestion-held">
          Minute {clockTime(Date.parse(event.minute), timeZone)} ({clockDate(Date.parse(event.minute), timeZone)}) · for{' '}
          {held} min, since {clockTime(run.first, timeZone)}
          {event.label !== run.label && <> · this minute alone: {event.label}</>}
        </p>
      </div>
      <div class="form-actions">
        <button type="button" class="button button-primary" disabled={busy} onClick={() => void record(stretch, 'suggestion')}>
          Accept
        </button>
        <button
          type="button"
          class="button button-secondary"
          disabled={busy}
          aria-expanded={correcting !== null}
          onClick={() => {
            setCorrecting(correcting ? null : stretch);
            setLabel('');
            window.setTimeout(() => document.getElementById('correct-label')?.focus(), 0);
          }}
        >
          This is wrong
        </button>
        <span class="muted small">Records {run.label} for {rangeText(stretch.start, stretch.end, timeZone)}.</span>
      </div>
      {correcting && (
        <form
          class="label-form correct-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (label.trim()) void record({ ...correcting, label: label.trim() });
          }}
        >
          <p class="muted small">What were you doing {rangeText(correcting.start, correcting.end, timeZone)}?</p>
          <LabelPicker id="correct-label" names={names_.filter((n) => n !== correcting.label)} value={label} onInput={setLabel} />
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={busy || !label.trim()}>
              Save label
            </button>
            <button type="button" class="button button-quiet" onClick={() => setCorrecting(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error !== null && <ErrorNote error={error} testId="accept-error" />}
      <Notice notice={notice} testId="live-notice" />
      <OverlapDialog saver={saver} timeZone={timeZone} />
    </Card>
  );
}
