import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime, stepName } from '../format';
import type { JobAction, JobView } from '../state/job';
import { Badge } from './Badge';
import { Card } from './Card';
import { ErrorNote } from './ErrorNote';
import { ProgressBar, type ProgressTone } from './ProgressBar';
import { Spinner } from './Spinner';

interface Props {
  job: JobView;
  dispatch: (action: JobAction) => void;
  timeZone?: string;
}

export function jobTitle(job: JobView): string {
  return job.kind === 'build_features' ? 'Building features' : 'Training';
}

function isCancelled(job: JobView): boolean {
  return job.status === 'failed' && (job.error ?? '').startsWith('Cancelled by user');
}

function progressTone(job: JobView): ProgressTone {
  if (job.status === 'running') return 'running';
  if (job.status === 'complete') return 'complete';
  return isCancelled(job) ? 'cancelled' : 'failed';
}

function StatusBadge({ job }: { job: JobView }) {
  if (job.status === 'running') return <Badge tone="info">running</Badge>;
  if (job.status === 'complete') return <Badge tone="success">complete</Badge>;
  if (job.status === 'failed') {
    const cancelled = isCancelled(job);
    return <Badge tone={cancelled ? 'warning' : 'danger'}>{cancelled ? 'cancelled' : 'failed'}</Badge>;
  }
  return <Badge>idle</Badge>;
}

export function ProgressPanel({ job, dispatch, timeZone }: Props) {
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = job.status === 'running';

  const cancel = async () => {
    setCancelling(true);
    setError(null);
    try {
      dispatch({ type: 'status', state: await api.cancelJob() });
    } catch (failure) {
      setError(failure);
    } finally {
      setCancelling(false);
    }
  };

  if (job.status === 'idle' || job.jobId === null) {
    return (
      <Card id="progress" title="Progress" aside={<StatusBadge job={job} />}>
        <p class="empty-state">No job yet. Progress shows here live while a model trains.</p>
      </Card>
    );
  }

  const tone = progressTone(job);
  const stepPrefix = job.status === 'failed' ? (tone === 'cancelled' ? 'Cancelled at: ' : 'Stopped at: ') : '';
  return (
    <Card id="progress" title="Progress" aside={<StatusBadge job={job} />}>
      <div class="progress-head">
        <div>
          <p class="progress-kind">{jobTitle(job)}</p>
          <p class="progress-step" data-testid="progress-step">
            {running && <Spinner />}
            {stepPrefix}
            {stepName(job.step)}
          </p>
        </div>
        <span class="progress-pct" data-testid="progress-pct">
          {job.progressPct}%
        </span>
      </div>
      <ProgressBar pct={job.progressPct} tone={tone} />
      <p class="progress-message" data-testid="progress-message">
        {job.message ?? '\u00a0'}
      </p>
      {(running || job.startedAt) && (
        <div class="progress-foot">
          <span class="muted small">
            {job.startedAt ? `Started ${formatDateTime(job.startedAt, timeZone)}` : ''}
          </span>
          {running && (
            <button type="button" class="button button-secondary" onClick={cancel} disabled={cancelling}>
              Cancel
            </button>
          )}
        </div>
      )}
      {error !== null && <ErrorNote error={error} testId="cancel-error" />}
    </Card>
  );
}
