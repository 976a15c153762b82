import { useState } from 'preact/hooks';
import { api, ApiError, errorText } from '../api';
import { formatF1 } from '../format';
import { useLoad } from '../hooks';
import type { ModelInspection, ModelSummary } from '../types';
import { Badge } from './Badge';
import { Card } from './Card';
import { ConfusionHeatmap } from './ConfusionHeatmap';
import { ErrorNote } from './ErrorNote';
import { FeatureImportance } from './FeatureImportance';
import { ModelMetadata } from './ModelMetadata';
import { PerClassTable } from './PerClassTable';
import { Spinner } from './Spinner';
import { TopConfusions } from './TopConfusions';

interface Props {
  modelId: string;
  version: number;
  onActivated: () => void;
  timeZone?: string;
}

function BackLink() {
  return (
    <a class="back-link" href="#/models">
      <span aria-hidden="true">←</span> Back to models
    </a>
  );
}

export function ModelPage({ modelId, version, onActivated, timeZone }: Props) {
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
          onActivated={onActivated}
          timeZone={timeZone}
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

function ModelDetails({ modelId, inspection, summary, onActivated, timeZone }: {
  modelId: string;
  inspection: ModelInspection;
  summary: ModelSummary | undefined;
  onActivated: () => void;
  timeZone?: string;
}) {
  const validation = inspection.bundle_saved_validation;
  return (
    <div class="model-grid">
      <Card id="model-summary" title="Validation scores" class="card-wide">
        <div class="summary-row">
          <dl class="scores">
            <div class="score">
              <dt>Macro F1</dt>
              <dd data-testid="macro-f1">{formatF1(validation.macro_f1)}</dd>
            </div>
            <div class="score">
              <dt>Weighted F1</dt>
              <dd data-testid="weighted-f1">{formatF1(validation.weighted_f1)}</dd>
            </div>
          </dl>
          <ActivateButton modelId={modelId} summary={summary} onActivated={onActivated} />
        </div>
        <p class="muted small">
          Scores on the newest part of the training range, held back from training.
          Bundle: <code>{inspection.bundle_path}</code>
        </p>
      </Card>
      <Card id="confusion" title="Confusion matrix" class="card-wide">
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
        <PerClassTable labels={validation.label_names} perClass={validation.per_class_derived} />
      </Card>
      <Card id="importance" title="Feature importance">
        <FeatureImportance importance={inspection.feature_importance ?? {}} />
      </Card>
      <Card id="metadata" title="Details" class="card-wide">
        <ModelMetadata metadata={inspection.metadata} timeZone={timeZone} />
      </Card>
    </div>
  );
}
