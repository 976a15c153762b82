import { api, errorText } from '../api';
import { formatCount, formatDateRange, formatDateTime, formatF1, provenanceText } from '../format';
import { useLoad } from '../hooks';
import { modelHref } from '../route';
import type { ModelSummary } from '../types';
import { Badge } from './Badge';
import { Card } from './Card';
import { Spinner } from './Spinner';

export function ModelList({ version, timeZone }: { version: number; timeZone?: string }) {
  const [models, reload] = useLoad(() => api.models(), [version]);
  const refresh = (
    <button type="button" class="button button-quiet" onClick={reload}>
      Refresh
    </button>
  );
  return (
    <Card id="models" title="Models" aside={refresh} class="card-wide">
      <p class="card-intro">
        Every trained bundle, newest first. The <strong>active</strong> one is the model the tray
        suggests with; open a model to see how well it does and to activate it.
      </p>
      {models.state === 'loading' && (
        <p class="busy">
          <Spinner /> Loading models…
        </p>
      )}
      {models.state === 'failed' && (
        <p class="note note-danger" role="alert" data-testid="models-error">
          {errorText(models.error)}
        </p>
      )}
      {models.state === 'ready' && <ModelTable models={models.value} timeZone={timeZone} />}
    </Card>
  );
}

function ModelTable({ models, timeZone }: { models: ModelSummary[]; timeZone?: string }) {
  if (models.length === 0) {
    return (
      <p class="empty-state" data-testid="models-empty">
        No models yet — prepare data and train one on the <a href="#/training">Training</a> tab.
      </p>
    );
  }
  return (
    <div class="table-box">
      <table class="table models-table" aria-label="Models">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Created</th>
            <th scope="col">Dates</th>
            <th scope="col" class="num">Rows</th>
            <th scope="col" class="num">Macro F1</th>
            <th scope="col" class="num">Weighted F1</th>
            <th scope="col">Data</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <ModelRow key={model.model_id} model={model} timeZone={timeZone} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ModelRow({ model, timeZone }: { model: ModelSummary; timeZone?: string }) {
  const synthetic = model.data_provenance === 'synthetic';
  return (
    <tr
      class={model.valid ? '' : 'row-invalid'}
      data-model-id={model.model_id}
      data-testid="model-row"
    >
      <th scope="row" class="model-cell">
        <span class="model-id">
          {model.valid ? <a href={modelHref(model.model_id)}>{model.model_id}</a> : model.model_id}
        </span>
        <span class="badges">
          {model.active && <Badge tone="success" testId="active-badge">active</Badge>}
          {!model.valid && <Badge tone="danger">invalid</Badge>}
        </span>
        {!model.valid && (
          <span class="invalid-reason" data-testid="invalid-reason">
            {model.invalid_reason ?? 'This bundle cannot be used.'}
          </span>
        )}
      </th>
      <td class="nowrap">{formatDateTime(model.created_at, timeZone)}</td>
      <td class="nowrap">{formatDateRange(model.date_from, model.date_to)}</td>
      <td class="num">{formatCount(model.n_rows)}</td>
      <td class="num">{formatF1(model.macro_f1)}</td>
      <td class="num">{formatF1(model.weighted_f1)}</td>
      <td>
        {synthetic ? (
          <Badge tone="accent" testId="synthetic-badge">synthetic</Badge>
        ) : (
          <span class="muted">{model.data_provenance ? provenanceText(model.data_provenance) : '—'}</span>
        )}
      </td>
    </tr>
  );
}
