// The training job as the page shows it, and how status answers, live events and the
// catch-up snapshot move it. Pure: no I/O, so it is tested directly.
//
// Rules:
// - `GET /api/train/status` (and the start/cancel answers) describe the server's job slot.
// - Events for the job in view move it forward only: progress never goes backwards, and a
//   finished job never returns to running (a late progress event or an older status answer
//   cannot undo a `train_complete`).
// - An event or status naming another job id describes a newer job and replaces the view.
// - A snapshot event applies only when its job_id equals the status answer's job_id.

import type {
  EventSnapshot,
  JobEvent,
  JobKind,
  JobState,
  JobStatus,
  Metrics,
  ServerEvent,
} from '../types';

export interface JobView {
  jobId: string | null;
  kind: JobKind | null;
  status: JobStatus;
  step: string | null;
  progressPct: number;
  message: string | null;
  error: string | null;
  metrics: Metrics | null;
  modelDir: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export type JobAction =
  | { type: 'status'; state: JobState }
  | { type: 'event'; event: ServerEvent }
  | { type: 'catch_up'; state: JobState; snapshot: EventSnapshot };

export const IDLE_JOB: JobView = {
  jobId: null,
  kind: null,
  status: 'idle',
  step: null,
  progressPct: 0,
  message: null,
  error: null,
  metrics: null,
  modelDir: null,
  startedAt: null,
  finishedAt: null,
};

export const STEP_ORDER = [
  'initializing',
  'building_features',
  'loading_features',
  'projecting_labels',
  'splitting',
  'training',
  'saving',
  'done',
] as const;

const JOB_EVENT_TYPES = ['train_progress', 'train_complete', 'train_failed'] as const;

export function jobReducer(view: JobView, action: JobAction): JobView {
  switch (action.type) {
    case 'status':
      return applyStatus(view, action.state);
    case 'event':
      return isJobEvent(action.event) ? applyEvent(view, action.event) : view;
    case 'catch_up':
      return applySnapshot(applyStatus(view, action.state), action.state.job_id, action.snapshot);
  }
}

export function isJobEvent(event: ServerEvent): event is JobEvent {
  return (JOB_EVENT_TYPES as readonly string[]).includes(event.type);
}

export function isFinished(view: JobView): boolean {
  return view.status === 'complete' || view.status === 'failed';
}

function clampPct(value: unknown): number {
  const pct = typeof value === 'number' && Number.isFinite(value) ? value : 0;
  return Math.min(100, Math.max(0, Math.round(pct)));
}

function stepRank(step: string | null): number {
  return step === null ? -1 : (STEP_ORDER as readonly string[]).indexOf(step);
}

function fromStatus(state: JobState): JobView {
  return {
    jobId: state.job_id,
    kind: state.kind ?? null,
    status: state.status,
    step: state.step,
    progressPct: clampPct(state.progress_pct),
    message: state.message,
    error: state.error,
    metrics: state.metrics,
    modelDir: state.model_dir,
    startedAt: state.started_at,
    finishedAt: state.finished_at,
  };
}

function applyStatus(view: JobView, state: JobState): JobView {
  const next = fromStatus(state);
  if (state.job_id === null || state.job_id !== view.jobId) return next;
  if (isFinished(view) && next.status === 'running') return view; // an older answer
  if (next.status === 'running') {
    const moved = advance(view, next.step, next.progressPct, next.message);
    return { ...moved, kind: view.kind ?? next.kind, startedAt: view.startedAt ?? next.startedAt };
  }
  return {
    ...next,
    kind: next.kind ?? view.kind,
    progressPct: Math.max(view.progressPct, next.progressPct),
  };
}

function applySnapshot(view: JobView, jobId: string | null, snapshot: EventSnapshot): JobView {
  if (jobId === null) return view;
  return JOB_EVENT_TYPES.reduce((current, type) => {
    const event = snapshot[type];
    if (!event || !isJobEvent(event) || event.job_id !== jobId) return current;
    return applyEvent(current, event);
  }, view);
}

function applyEvent(view: JobView, event: JobEvent): JobView {
  const sameJob = event.job_id === view.jobId;
  const base: JobView = sameJob ? view : { ...IDLE_JOB, jobId: event.job_id, status: 'running' };
  const kind = event.kind ?? base.kind;
  if (sameJob && isFinished(view)) return view;
  switch (event.type) {
    case 'train_progress':
      return { ...advance(base, event.step, clampPct(event.progress_pct), event.message), kind };
    case 'train_complete':
      return {
        ...base,
        kind,
        status: 'complete',
        step: 'done',
        progressPct: 100,
        error: null,
        metrics: event.metrics,
        modelDir: event.model_dir,
      };
    case 'train_failed':
      return { ...base, kind, status: 'failed', error: event.error };
  }
}

/** Move a running job forward; anything older than what is shown is ignored. */
function advance(
  view: JobView,
  step: string | null,
  pct: number,
  message: string | null,
): JobView {
  const newer = pct > view.progressPct;
  const sameOrLaterStep = pct === view.progressPct && stepRank(step) >= stepRank(view.step);
  if (!newer && !sameOrLaterStep) return view;
  return { ...view, status: 'running', step, progressPct: pct, message };
}
