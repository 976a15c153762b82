import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateRange } from '../format';
import type { JobAction } from '../state/job';
import { trainBlockedReason, type DateRange } from '../state/readiness';
import type { DataCheck, TrainRequest } from '../types';
import { Card } from './Card';
import { ErrorNote } from './ErrorNote';

interface Props {
  dates: DateRange;
  check: DataCheck | null;
  preparing: boolean;
  jobRunning: boolean;
  dispatch: (action: JobAction) => void;
}

/** The number typed, or null when the box is empty, so the server names the field. */
function roundsValue(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}

export function TrainForm({ dates, check, preparing, jobRunning, dispatch }: Props) {
  const [rounds, setRounds] = useState('100');
  const [classWeight, setClassWeight] = useState<TrainRequest['class_weight']>('balanced');
  const [synthetic, setSynthetic] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const blocked = trainBlockedReason({ jobRunning, starting, synthetic, preparing, dates, check });

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (blocked) return;
    setStarting(true);
    setError(null);
    try {
      const body = {
        date_from: dates.from,
        date_to: dates.to,
        num_boost_round: roundsValue(rounds),
        class_weight: classWeight,
        synthetic,
      } as TrainRequest;
      dispatch({ type: 'status', state: await api.startTraining(body) });
    } catch (failure) {
      setError(failure);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Card id="train-form" title="Train a model">
      <p class="card-intro">
        Trains on <strong data-testid="train-dates">{formatDateRange(dates.from, dates.to)}</strong>,
        the dates chosen above.
      </p>
      <form class="train-form" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="boost-rounds">Boost rounds</label>
          <input
            id="boost-rounds"
            type="number"
            inputMode="numeric"
            min={1}
            max={10000}
            step={1}
            value={rounds}
            onInput={(e) => setRounds(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="class-weight">Class weight</label>
          <select
            id="class-weight"
            value={classWeight}
            onChange={(e) => setClassWeight(e.currentTarget.value as TrainRequest['class_weight'])}
          >
            <option value="balanced">balanced</option>
            <option value="none">none</option>
          </select>
        </div>
        <div class="field field-check">
          <input
            id="synthetic"
            type="checkbox"
            checked={synthetic}
            aria-describedby="synthetic-hint"
            onChange={(e) => setSynthetic(e.currentTarget.checked)}
          />
          <label for="synthetic">Synthetic data</label>
          <p class="hint" id="synthetic-hint">
            for testing the pipeline — generated features and labels, not your data
          </p>
        </div>
        <div class="form-actions">
          <button
            type="submit"
            class="button button-primary"
            disabled={blocked !== null}
            aria-describedby={blocked ? 'train-disabled-reason' : undefined}
          >
            Train Model
          </button>
          {blocked && (
            <span class="muted" id="train-disabled-reason" data-testid="train-disabled-reason">
              {blocked}
            </span>
          )}
        </div>
      </form>
      {error !== null && <ErrorNote error={error} testId="train-error" />}
    </Card>
  );
}
