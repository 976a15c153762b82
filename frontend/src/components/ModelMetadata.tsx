import type { ComponentChildren } from 'preact';
import { formatCount, formatDateRange, formatDateTime, provenanceText } from '../format';
import type { ModelMetadata as Metadata } from '../types';

function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? formatCount(value) : String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function Item({ term, wide, children }: { term: string; wide?: boolean; children: ComponentChildren }) {
  return (
    <div class={wide ? 'meta-row meta-row-wide' : 'meta-row'}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function KeyValues({ values, label }: { values: Record<string, unknown>; label: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <span>—</span>;
  return (
    <ul class="kv" aria-label={label}>
      {entries.map(([key, value]) => (
        <li key={key}>
          <span class="kv-key">{key}</span> <span class="kv-value">{text(value)}</span>
        </li>
      ))}
    </ul>
  );
}

export function ModelMetadata({ metadata, timeZone }: { metadata: Metadata; timeZone?: string }) {
  const split = record(metadata.split);
  const str = (key: string) => (typeof metadata[key] === 'string' ? (metadata[key] as string) : null);
  return (
    <dl class="meta-list" data-testid="model-metadata">
      <Item term="Dates">{formatDateRange(str('date_from'), str('date_to'))}</Item>
      <Item term="Rows">{text(metadata.n_labeled_rows)}</Item>
      <Item term="Time zone">{text(metadata.timezone)}</Item>
      <Item term="Class weight">{text(metadata.class_weight)}</Item>
      <Item term="Data">{provenanceText(str('data_provenance'))}</Item>
      <Item term="Split">
        <span>
          {text(split.method)} · {text(split.train_rows)} train / {text(split.validation_rows)}{' '}
          validation rows
        </span>
        <span class="meta-sub">boundary {formatDateTime(split.boundary_ts as string, timeZone)}</span>
      </Item>
      <Item term="Created">{formatDateTime(str('created_at'), timeZone)}</Item>
      <Item term="Versions">
        taskclf {text(metadata.taskclf_version)} · LightGBM {text(metadata.lightgbm_version)} ·
        schema {text(metadata.schema_version)}
      </Item>
      <Item term="Parameters" wide>
        <KeyValues values={record(metadata.params)} label="Training parameters" />
      </Item>
    </dl>
  );
}
