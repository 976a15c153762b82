import { useState } from 'preact/hooks';
import { api, ApiError, errorText } from '../api';
import { decodedValidation, decodingDetails, decodingInfo, validationFor, type ScoreView } from '../compare';
import { formatF1 } from '../format';
import { signalLines } from '../signals';
import { useLoad } from '../hooks';
import type { ModelInspection, ModelSummary } from '../types';
import { Badge } from './Badge';
import { Card } from './Card';
import { ComparePanel } from './ComparePanel';
import { ConfusionHeatmap } from './ConfusionHeatmap';
import { ErrorNote } from './ErrorNote';
import { FeatureImportance } from './FeatureImportance';
import { ModelMetadata } from './ModelMetadata';
import { PerClassTable } from './PerClassTable';
import { SignalTable } from './SignalTable';
import { Spinner } from './Spinner';
import { TopConfusions } from './TopConfusions';

interface Props {
  modelId: string;
  version: number;
  onActivated: () => void;
  timeZone?: string;
  /** The server's today, for the comparison's default dates. */
  today?: string;
}

function BackLink() {
  return (
    <a class="back-link" href="#/models">
      <span aria-hidden="true">←</span> Back to models
    </a>
  );
}

export function ModelPage({ modelId, version, onActivated, timeZone, today }: Props) {
  const [inspection] = useLoad(() => api.inspectModel(modelId), [modelId]);
  const [models] = useLoad(() => api.models(), [modelId, version]);
  const summary = models.state === 'ready' ? models.value.find((m) => m.model_id === modelId) : undefined;

  return (
    <div class="model-page">
      <BackLink />
      <div class="page-head">
        <h2 class="page-title" data-testid="model-title">
          {modelId}
        </h2>
        {summary?.active && <Badge tone="success" testId="active-badge">active</Badge>}
        {summary?.data_provenance === 'synthetic' && <Badge tone="accent">synthetic</Badge>}
        {summary?.valid === false && <Badge tone="danger">invalid</Badge>}
      </div>
      {inspection.state === 'loading' && (
        <p class="busy">
          <Spinner /> Loading model…
        </p>
      )}
      {inspection.state === 'failed' && <InspectFailure error={inspection.error} />}
      {inspection.state === 'ready' && (
        <ModelDetails
          modelId={modelId}
          inspection={inspection.value}
          summary={summary}
          models={models.state === 'ready' ? models.value : null}
          onActivated={onActivated}
          timeZone={timeZone}
          today={today}
        />
      )}
    </div>
  );
}

function InspectFailure({ error }: { error: unknown }) {
  const status = error instanceof ApiError ? error.status : 0;
  const title = status === 404 ? 'No such model' : status === 422 ? 'This model cannot be used' : 'Could not load this model';
  return (
    <div class="card card-wide" role="alert" data-testid="inspect-error">
      <p class="result-title">{title}</p>
      <p class="muted">{errorText(error)}</p>
    </div>
  );
}

function ActivateButton({ modelId, summary, onActivated }: {
  modelId: string;
  summary: ModelSummary | undefined;
  onActivated: () => void;
}) {
  const [busy, setBusy] = useState(false);
  // The list entry seen when activation succeeded: "Active" shows at once, and the next
  // list (a new object) decides from then on, so a later activation elsewhere is respected.
  const [activatedOver, setActivatedOver] = useState<ModelSummary | undefined | null>(null);
  const [error, setError] = useState<unknown>(null);
  const active = summary?.active === true || (activatedOver !== null && activatedOver === summary);

  const activate = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.activateModel(modelId);
      setActivatedOver(summary);
      onActivated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="activate">
      <button
        type="button"
        class={`button ${active ? 'button-active' : 'button-primary'}`}
        disabled={active || busy || summary === undefined}
        onClick={activate}
      >
        {active ? 'Active' : 'Activate'}
      </button>
      <span class="muted small">
        {active ? 'The tray suggests with this model.' : 'Make the tray suggest with this model.'}
      </span>
      {error !== null && <ErrorNote error={error} testId="activate-error" />}
    </div>
  );
}

function ViewToggle({ view, onView }: { view: ScoreView; onView: (view: ScoreView) => void }) {
  return (
    <div class="view-toggle" role="group" aria-label="Show scores" data-testid="view-toggle">
      {(['raw', 'decoded'] as const).map((option) => (
        <button
          key={option}
          type="button"
          class="toggle-button"
          aria-pressed={view === option}
          onClick={() => onView(option)}
        >
          {option === 'raw' ? 'Raw' : 'Decoded'}
        </button>
      ))}
    </div>
  );
}

function ModelDetails({ modelId, inspection, summary, models, onActivated, timeZone, today }: {
  modelId: string;
  inspection: ModelInspection;
  summary: ModelSummary | undefined;
  models: ModelSummary[] | null;
  onActivated: () => void;
  timeZone?: string;
  today?: string;
}) {
  const raw = inspection.bundle_saved_validation;
  const decoded = decodedValidation(inspection);
  const [view, setView] = useState<ScoreView>('raw');
  const validation = validationFor(inspection, view);
  const details = decodingDetails(decodingInfo(inspection));
  const toggle = decoded ? <ViewToggle view={view} onView={setView} /> : undefined;
  const signals = signalLines(inspection.signal_table);
  const viewNote = decoded && (
    <p class="muted small view-note" data-testid="view-note">
      Showing {view === 'decoded' ? 'decoded' : 'raw'} predictions.
    </p>
  );
  return (
    <div class="model-grid">
      <Card id="model-summary" title="Validation scores" class="card-wide">
        <div class="summary-row">
          {decoded ? (
            <table class="score-table" aria-label="Validation scores, raw and decoded" data-testid="score-table">
              <thead>
                <tr>
                  <td />
                  <th scope="col">Raw</th>
                  <th scope="col">Decoded</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Macro F1</th>
                  <td data-testid="macro-f1">{formatF1(raw.macro_f1)}</td>
                  <td data-testid="decoded-macro-f1">{formatF1(decoded.macro_f1)}</td>
                </tr>
                <tr>
                  <th scope="row">Weighted F1</th>
                  <td data-testid="weighted-f1">{formatF1(raw.weighted_f1)}</td>
                  <td data-testid="decoded-weighted-f1">{formatF1(decoded.weighted_f1)}</td>
                </tr>
              </tbody>
            </table>
          ) : (
            <dl class="scores">
              <div class="score">
                <dt>Macro F1</dt>
                <dd data-testid="macro-f1">{formatF1(raw.macro_f1)}</dd>
              </div>
              <div class="score">
                <dt>Weighted F1</dt>
                <dd data-testid="weighted-f1">{formatF1(raw.weighted_f1)}</dd>
              </div>
            </dl>
          )}
          <ActivateButton modelId={modelId} summary={summary} onActivated={onActivated} />
        </div>
        <p class="muted small">
          Scores on the newest part of the training range, held back from training.
          Bundle: <code>{inspection.bundle_path}</code>
        </p>
        {decoded && (
          <p class="muted small decoding-note" data-testid="decoding-note">
            Decoded: the minute-by-minute guesses smoothed as a sequence: a lone odd minute inside a
            long stretch is corrected.
            {details && <span class="decoding-details">{details}</span>}
          </p>
        )}
        {toggle && (
          <div class="view-row">
            <span class="small view-row-label">Confusions and per-class metrics below:</span>
            {toggle}
          </div>
        )}
      </Card>
      {signals && (
        <Card id="signals" title="What each signal buys" class="card-wide">
          <SignalTable lines={signals} />
        </Card>
      )}
      <Card id="confusion" title="Confusion matrix" class="card-wide">
        {viewNote}
        <div class="confusion-layout">
          <ConfusionHeatmap labels={validation.label_names} matrix={validation.confusion_matrix} />
          <div class="confusion-aside">
            <h3 class="minor-heading" id="top-confusions-heading">
              Top confusions
            </h3>
            <TopConfusions pairs={validation.top_confusion_pairs} />
          </div>
        </div>
      </Card>
      <Card id="per-class" title="Per-class metrics">
        {viewNote}
        <PerClassTable labels={validation.label_names} perClass={validation.per_class_derived} />
      </Card>
      <Card id="importance" title="Feature importance">
        <FeatureImportance importance={inspection.feature_importance ?? {}} />
      </Card>
      <ComparePanel modelId={modelId} models={models} today={today} />
      <Card id="metadata" title="Details" class="card-wide">
        <ModelMetadata metadata={inspection.metadata} timeZone={timeZone} />
      </Card>
    </div>
  );
}
