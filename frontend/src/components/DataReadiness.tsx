import type { DateRange } from '../state/readiness';
import type { DataCheckState } from '../useDataCheck';
import { ApiError } from '../api';
import { formatDateRange } from '../format';
import { BuildErrors } from './BuildErrors';
import { Card } from './Card';
import { DayStrip } from './DayStrip';
import { ErrorNote } from './ErrorNote';
import { ReadinessStats } from './ReadinessStats';
import { Spinner } from './Spinner';

interface Props {
  dates: DateRange;
  onDatesChange: (dates: DateRange) => void;
  readiness: DataCheckState;
  ready: boolean;
}

export function DataReadiness({ dates, onDatesChange, readiness, ready }: Props) {
  const { check, preparing, error, staleReason } = readiness;
  const badField = error instanceof ApiError ? error.field : null;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (!preparing) void readiness.prepare();
  };
  return (
    <Card id="data-readiness" title="Data readiness" class="card-wide">
      <p class="card-intro">
        Pick the days to train on. Prepare Data builds any missing days from ActivityWatch and
        counts the labelled minutes.
      </p>
      <form class="date-form" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="date-from">From</label>
          <input
            id="date-from"
            type="date"
            value={dates.from}
            aria-invalid={badField === 'date_from'}
            onInput={(e) => onDatesChange({ ...dates, from: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="date-to">To</label>
          <input
            id="date-to"
            type="date"
            value={dates.to}
            aria-invalid={badField === 'date_to'}
            onInput={(e) => onDatesChange({ ...dates, to: e.currentTarget.value })}
          />
        </div>
        <div class="field field-action">
          <button type="submit" class="button button-primary" disabled={preparing || !ready}>
            Prepare Data
          </button>
        </div>
        <div class="form-status" aria-live="polite">
          {preparing && (
            <span class="busy" data-testid="check-busy">
              <Spinner /> Preparing data…
            </span>
          )}
          {!preparing && staleReason && (
            <span class="note note-warning" data-testid="check-stale">
              {staleReason}
            </span>
          )}
        </div>
      </form>
      {error !== null && <ErrorNote error={error} testId="check-error" />}
      {check ? <CheckResult check={check} stale={staleReason !== null} /> : <NoCheckYet />}
    </Card>
  );
}

function NoCheckYet() {
  return (
    <p class="empty-state" data-testid="check-empty">
      No check yet for these dates. Press <strong>Prepare Data</strong> to see which days have
      features and how many labelled minutes can be trained on.
    </p>
  );
}

function CheckResult({ check, stale }: { check: NonNullable<DataCheckState['check']>; stale: boolean }) {
  return (
    <div class={`check-result ${stale ? 'is-stale' : ''}`} data-testid="check-result">
      <p class="check-caption">
        Checked <strong>{formatDateRange(check.date_from, check.date_to)}</strong>
      </p>
      <DayStrip days={check.days ?? []} />
      <ReadinessStats check={check} />
      <BuildErrors errors={check.build_errors} />
    </div>
  );
}
