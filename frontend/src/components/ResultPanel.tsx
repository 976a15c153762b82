import { fixForError, formatF1, modelIdFromDir } from '../format';
import type { JobView } from '../state/job';
import { modelHref } from '../route';
import { Card } from './Card';

export function ResultPanel({ job }: { job: JobView }) {
  return (
    <Card id="result" title="Result">
      <ResultBody job={job} />
    </Card>
  );
}

function ResultBody({ job }: { job: JobView }) {
  if (job.status === 'complete' && job.kind === 'build_features') {
    return (
      <div class="result-ok">
        <p class="result-title">Features built</p>
        {job.message && <p data-testid="result-message">{job.message}</p>}
      </div>
    );
  }
  if (job.status === 'complete') return <TrainedModel job={job} />;
  if (job.status === 'failed') return <JobFailure error={job.error} />;
  if (job.status === 'running') {
    return <p class="empty-state">The result appears here when the job finishes.</p>;
  }
  return <p class="empty-state">No result yet. Train a model to see how well it does.</p>;
}

function TrainedModel({ job }: { job: JobView }) {
  const modelId = modelIdFromDir(job.modelDir);
  return (
    <div class="result-ok">
      <dl class="scores">
        <div class="score">
          <dt>Macro F1</dt>
          <dd data-testid="macro-f1">{formatF1(job.metrics?.macro_f1)}</dd>
        </div>
        <div class="score">
          <dt>Weighted F1</dt>
          <dd data-testid="weighted-f1">{formatF1(job.metrics?.weighted_f1)}</dd>
        </div>
      </dl>
      <p class="result-dir">
        <span class="muted">Saved to</span>{' '}
        <code data-testid="model-dir">{job.modelDir ?? '—'}</code>
      </p>
      {modelId && (
        <a class="button button-secondary" href={modelHref(modelId)}>
          Open model
        </a>
      )}
    </div>
  );
}

function JobFailure({ error }: { error: string | null }) {
  const fix = fixForError(error);
  const cancelled = error?.startsWith('Cancelled by user');
  return (
    <div class={`result-failed ${cancelled ? 'is-cancelled' : ''}`}>
      <p class="result-title">{cancelled ? 'Cancelled' : 'Training failed'}</p>
      <p class="job-error" data-testid="job-error">
        {error ?? 'The job failed without a message.'}
      </p>
      {fix && (
        <p class="job-fix" data-testid="job-fix">
          <span class="fix-label">Fix:</span> {fix}
        </p>
      )}
    </div>
  );
}
