import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import {
  barPercent,
  betterText,
  compareCandidates,
  defaultCompareDates,
  disagreementSummary,
  disagreementText,
  formatDelta,
  sideDetails,
} from '../compare';
import { formatCount, formatDateRange, formatF1 } from '../format';
import type { CompareAnswer, ModelSummary } from '../types';
import { Card } from './Card';
import { ErrorNote } from './ErrorNote';
import { Spinner } from './Spinner';

interface Props {
  modelId: string;
  models: ModelSummary[] | null;
  today?: string;
}

/** Both models replayed on the same labelled days: scores, per-class F1, where they disagree. */
export function ComparePanel({ modelId, models, today }: Props) {
  const candidates = models ? compareCandidates(models, modelId) : [];
  const [other, setOther] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [answer, setAnswer] = useState<CompareAnswer | null>(null);

  // The first candidate is chosen once the list is in; its dates follow each choice.
  const chosen = candidates.find((model) => model.model_id === other);
  useEffect(() => {
    if (!other && candidates.length) setOther(candidates[0].model_id);
  }, [candidates.length]);
  useEffect(() => {
    if (!chosen && !today) return;
    const dates = defaultCompareDates(chosen, today ?? '');
    if (!dates.to) return;
    setFrom(dates.from);
    setTo(dates.to);
  }, [other, chosen?.date_to, today]);

  // A result or error about another pair would mislead: both go when the choice changes.
  const choose = (modelId: string) => {
    setOther(modelId);
    setAnswer(null);
    setError(null);
  };

  const compare = async (event: Event) => {
    event.preventDefault();
    if (!other || !from || !to || busy) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(await api.compareModels(modelId, other, from, to));
    } catch (failure) {
      setAnswer(null);
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card id="compare" title="Compare" class="card-wide">
      <p class="card-intro muted small">
        Replays this model and another on the same labelled days and scores both against your labels.
      </p>
      {models === null ? (
        <p class="busy">
          <Spinner /> Loading models…
        </p>
      ) : candidates.length === 0 ? (
        <p class="empty-state" data-testid="compare-empty">
          No other valid model to compare with. Train another one first.
        </p>
      ) : (
        <form class="date-form compare-form" onSubmit={compare} noValidate>
          <div class="field compare-select">
            <label for="compare-with">Compare with</label>
            <select id="compare-with" value={other} onChange={(e) => choose(e.currentTarget.value)}>
              {candidates.map((model) => (
                <option key={model.model_id} value={model.model_id}>
                  {model.model_id}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="compare-from">From</label>
            <input
              id="compare-from"
              type="date"
              value={from}
              aria-invalid={error && isField(error, 'date_from') ? 'true' : undefined}
              onInput={(e) => setFrom(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="compare-to">To</label>
            <input
              id="compare-to"
              type="date"
              value={to}
              aria-invalid={error && isField(error, 'date_to') ? 'true' : undefined}
              onInput={(e) => setTo(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button button-primary" disabled={busy || !other || !from || !to}>
            Compare
          </button>
          {busy && (
            <span class="busy small">
              <Spinner /> Replaying both models…
            </span>
          )}
        </form>
      )}
      {error !== null && <ErrorNote error={error} testId="compare-error" />}
      {answer && <CompareResult answer={answer} />}
    </Card>
  );
}

function isField(error: unknown, field: string): boolean {
  return typeof error === 'object' && error !== null && (error as { field?: unknown }).field === field;
}

function Bar({ value, tone }: { value: number | null | undefined; tone: 'a' | 'b' }) {
  return (
    <span class="f1-bar" aria-hidden="true">
      <span class={`f1-fill f1-fill-${tone}`} style={{ width: `${barPercent(value)}%` }} />
    </span>
  );
}

function CompareResult({ answer }: { answer: CompareAnswer }) {
  const newest = answer.newest_days;
  const better = newest ? newest.better : answer.better;
  const { minutes, share, pairs } = answer.disagreements;
  return (
    <div class="compare-result" data-testid="compare-result" aria-live="polite">
      <p class="muted small">
        Scored on {formatDateRange(answer.date_from, answer.date_to)} · {formatCount(answer.n_rows)} labelled
        minutes
      </p>
      <dl class="scores compare-scores">
        <div class="score">
          <dt>
            <span class="swatch swatch-a" aria-hidden="true" /> This model · <span class="mono">{answer.a.model_id}</span>
          </dt>
          <dd data-testid="compare-a-macro">{formatF1(answer.a.macro_f1)}</dd>
          <dd class="score-sub">
            {sideDetails(answer.a)}
          </dd>
        </div>
        <div class="score">
          <dt>
            <span class="swatch swatch-b" aria-hidden="true" /> Other · <span class="mono">{answer.b.model_id}</span>
          </dt>
          <dd data-testid="compare-b-macro">{formatF1(answer.b.macro_f1)}</dd>
          <dd class="score-sub">
            {sideDetails(answer.b)}
          </dd>
        </div>
      </dl>
      <p class="compare-better" data-testid="compare-better">
        <strong>Better on the newest days: {betterText(better, answer)}</strong>
        {newest && (
          <span class="muted small">
            {' '}
            ({formatDateRange(newest.date_from, newest.date_to)}: {formatF1(newest.a_macro_f1)} vs{' '}
            {formatF1(newest.b_macro_f1)})
          </span>
        )}
      </p>
      <div class="compare-layout">
        <div class="table-box compare-table">
          <table class="table table-compact" aria-label="Per-class F1, both models" data-testid="compare-table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col" class="num">This model</th>
                <th scope="col" class="num">Other</th>
                <th scope="col" class="num col-delta">Difference</th>
                <th scope="col" class="num col-support">Support</th>
              </tr>
            </thead>
            <tbody>
              {answer.per_class.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  <td class="num">
                    <span class="f1-cell">
                      <Bar value={row.a_f1} tone="a" />
                      {formatF1(row.a_f1)}
                    </span>
                  </td>
                  <td class="num">
                    <span class="f1-cell">
                      <Bar value={row.b_f1} tone="b" />
                      {formatF1(row.b_f1)}
                    </span>
                  </td>
                  <td class="num col-delta">{formatDelta(row.a_f1, row.b_f1)}</td>
                  <td class="num col-support">{formatCount(row.support)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="compare-aside">
          <h3 class="minor-heading" id="disagreements-heading">
            Where they disagree
          </h3>
          <p class="small" data-testid="disagreement-summary">
            {disagreementSummary(minutes, share, answer.n_rows)}
          </p>
          {pairs.length === 0 ? (
            <p class="empty-state">They agree on every minute.</p>
          ) : (
            <ul class="confusions disagreements" aria-labelledby="disagreements-heading" data-testid="disagreements">
              {pairs.map((pair) => (
                <li key={`${pair.a_label}->${pair.b_label}`}>{disagreementText(pair.a_label, pair.b_label, pair.minutes)}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
