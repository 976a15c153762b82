import type { ComponentChildren } from 'preact';
import { formatCount, plural } from '../format';
import type { DataCheck } from '../types';

function Stat({ label, testId, children, hint }: {
  label: string;
  testId: string;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
      {hint && <dd class="stat-hint">{hint}</dd>}
    </div>
  );
}

export function ReadinessStats({ check }: { check: DataCheck }) {
  const dropped = check.dropped_rows ?? { partial: 0, conflicting: 0, unlabelled: 0 };
  const trainable = check.trainable_rows > 0;
  return (
    <div class="readiness-stats">
      <dl class="stats">
        <Stat label="Feature rows" testId="total-feature-rows" hint="one per active minute">
          {formatCount(check.total_feature_rows)}
        </Stat>
        <Stat label="Label spans" testId="label-span-count" hint="overlapping the range">
          {formatCount(check.label_span_count)}
        </Stat>
        <Stat label="Trainable rows" testId="trainable-rows" hint="minutes with one clear label">
          <span class={trainable ? 'value-good' : 'value-bad'}>
            {formatCount(check.trainable_rows)}
          </span>
        </Stat>
        <Stat label="Dates built" testId="dates-built" hint="fetched from ActivityWatch now">
          {check.dates_built.length === 0 ? 'none' : plural(check.dates_built.length, 'day')}
        </Stat>
      </dl>
      <div class="stat-block">
        <h3 class="minor-heading">Trainable labels</h3>
        <ul class="chips" data-testid="trainable-labels" aria-label="Trainable labels">
          {check.trainable_labels.length === 0 && <li class="chip chip-empty">none yet</li>}
          {check.trainable_labels.map((label) => (
            <li key={label} class="chip">
              {label}
            </li>
          ))}
        </ul>
      </div>
      <div class="stat-block">
        <h3 class="minor-heading">Dropped rows</h3>
        <ul class="dropped" data-testid="dropped-rows">
          <li>
            <strong data-testid="dropped-partial">{formatCount(dropped.partial)}</strong> partial
            — a label span covers only part of the minute
          </li>
          <li>
            <strong data-testid="dropped-conflicting">{formatCount(dropped.conflicting)}</strong>{' '}
            conflicting — spans with different labels cover the minute
          </li>
          <li>
            <strong data-testid="dropped-unlabelled">{formatCount(dropped.unlabelled)}</strong>{' '}
            unlabelled — no label span covers the minute
          </li>
        </ul>
      </div>
    </div>
  );
}
