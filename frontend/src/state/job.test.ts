import { describe, expect, it } from 'vitest';
import type { JobState, ServerEvent } from '../types';
import { IDLE_JOB, jobReducer, type JobView } from './job';

function status(overrides: Partial<JobState>): JobState {
  return {
    job_id: null,
    kind: null,
    status: 'idle',
    step: null,
    progress_pct: 0,
    message: null,
    error: null,
    metrics: null,
    model_dir: null,
    started_at: null,
    finished_at: null,
    ...overrides,
  };
}

const running = status({
  job_id: 'job1',
  kind: 'train',
  status: 'running',
  step: 'training',
  progress_pct: 40,
  message: 'Training LightGBM',
  started_at: '2026-11-30T10:00:00+00:00',
});

const progress = (job_id: string, step: string, progress_pct: number, message = 'm'): ServerEvent => ({
  type: 'train_progress',
  job_id,
  kind: 'train',
  step,
  progress_pct,
  message,
});

const complete: ServerEvent = {
  type: 'train_complete',
  job_id: 'job1',
  kind: 'train',
  metrics: { macro_f1: 0.85, weighted_f1: 0.87 },
  model_dir: '/models/2026-11-30_100000_run-0001',
};

const failed: ServerEvent = {
  type: 'train_failed',
  job_id: 'job1',
  kind: 'train',
  error: 'No labeled rows after projection',
};

const fromStatus = (state: JobState) => jobReducer(IDLE_JOB, { type: 'status', state });
const event = (view: JobView, e: ServerEvent) => jobReducer(view, { type: 'event', event: e });

describe('jobReducer', () => {
  it('starts idle and takes an idle status as idle', () => {
    expect(fromStatus(status({}))).toEqual(IDLE_JOB);
  });

  it('shows a running job from a status answer', () => {
    const view = fromStatus(running);
    expect(view).toMatchObject({ jobId: 'job1', status: 'running', step: 'training', progressPct: 40 });
  });

  it('moves forward on progress events for the same job', () => {
    const view = event(fromStatus(running), progress('job1', 'training', 60, 'round 60'));
    expect(view).toMatchObject({ status: 'running', progressPct: 60, message: 'round 60' });
  });

  it('never moves progress backwards for the same job', () => {
    const view = event(event(fromStatus(running), progress('job1', 'training', 70)), progress('job1', 'training', 55));
    expect(view.progressPct).toBe(70);
  });

  it('ignores an older status answer that arrives after newer events', () => {
    const ahead = event(fromStatus(running), progress('job1', 'saving', 95));
    const view = jobReducer(ahead, { type: 'status', state: running });
    expect(view).toMatchObject({ progressPct: 95, step: 'saving' });
  });

  it('takes a later step reported at the same percentage', () => {
    const view = event(fromStatus(running), progress('job1', 'saving', 40, 'saving'));
    expect(view.step).toBe('saving');
  });

  it('completes with metrics and model dir', () => {
    const view = event(fromStatus(running), complete);
    expect(view).toMatchObject({
      status: 'complete',
      progressPct: 100,
      step: 'done',
      metrics: { macro_f1: 0.85, weighted_f1: 0.87 },
      modelDir: '/models/2026-11-30_100000_run-0001',
    });
  });

  it('does not return to running after completion (late event or stale status)', () => {
    const done = event(fromStatus(running), complete);
    expect(event(done, progress('job1', 'training', 99)).status).toBe('complete');
    expect(jobReducer(done, { type: 'status', state: running }).status).toBe('complete');
  });

  it('fails with the error', () => {
    const view = event(fromStatus(running), failed);
    expect(view).toMatchObject({ status: 'failed', error: 'No labeled rows after projection', progressPct: 40 });
  });

  it('a new job id replaces a finished job', () => {
    const done = event(fromStatus(running), complete);
    const view = event(done, progress('job2', 'initializing', 0, 'Starting…'));
    expect(view).toMatchObject({ jobId: 'job2', status: 'running', progressPct: 0, metrics: null, modelDir: null });
  });

  it('ignores events that are not about jobs', () => {
    const view = fromStatus(running);
    expect(event(view, { type: 'labels_changed' })).toBe(view);
    expect(event(view, { type: 'prediction', label: 'Build' })).toBe(view);
  });

  describe('catch up after a reload or reconnect', () => {
    it('a reload mid-job shows the running job, advanced by a matching snapshot', () => {
      const view = jobReducer(IDLE_JOB, {
        type: 'catch_up',
        state: running,
        snapshot: { train_progress: progress('job1', 'training', 62, 'round 62') },
      });
      expect(view).toMatchObject({ jobId: 'job1', status: 'running', progressPct: 62, message: 'round 62' });
    });

    it('ignores snapshot events of another job', () => {
      const view = jobReducer(IDLE_JOB, {
        type: 'catch_up',
        state: running,
        snapshot: {
          train_progress: progress('old', 'saving', 95),
          train_complete: { ...complete, job_id: 'old' },
          train_failed: { ...failed, job_id: 'old' },
        },
      });
      expect(view).toMatchObject({ jobId: 'job1', status: 'running', progressPct: 40, step: 'training' });
    });

    it('a matching train_complete in the snapshot finishes a job the status still calls running', () => {
      const view = jobReducer(IDLE_JOB, { type: 'catch_up', state: running, snapshot: { train_complete: complete } });
      expect(view.status).toBe('complete');
    });

    it('a completed status is shown after reload with its metrics', () => {
      const done = status({
        job_id: 'job1',
        kind: 'train',
        status: 'complete',
        step: 'done',
        progress_pct: 100,
        metrics: { macro_f1: 0.5, weighted_f1: 0.6 },
        model_dir: '/m/run',
      });
      const view = jobReducer(IDLE_JOB, { type: 'catch_up', state: done, snapshot: { train_progress: progress('job1', 'training', 50) } });
      expect(view).toMatchObject({ status: 'complete', progressPct: 100, metrics: { macro_f1: 0.5 } });
    });

    it('an idle server leaves the view idle whatever the snapshot holds', () => {
      const view = jobReducer(IDLE_JOB, { type: 'catch_up', state: status({}), snapshot: { train_complete: complete } });
      expect(view).toEqual(IDLE_JOB);
    });

    it('keeps progress monotonic when the catch-up is older than the live view', () => {
      const live = event(fromStatus(running), progress('job1', 'training', 80));
      const view = jobReducer(live, { type: 'catch_up', state: running, snapshot: { train_progress: progress('job1', 'training', 60) } });
      expect(view.progressPct).toBe(80);
    });
  });

  describe('feature-build jobs', () => {
    it('keeps kind build_features and completes without metrics', () => {
      const start = fromStatus(status({ job_id: 'b1', kind: 'build_features', status: 'running', step: 'building_features', progress_pct: 10 }));
      const moved = event(start, { type: 'train_progress', job_id: 'b1', kind: 'build_features', step: 'building_features', progress_pct: 50, message: '2026-11-20 (7/14)' });
      const done = event(moved, { type: 'train_complete', job_id: 'b1', kind: 'build_features', metrics: null, model_dir: null });
      expect(moved).toMatchObject({ kind: 'build_features', progressPct: 50 });
      expect(done).toMatchObject({ kind: 'build_features', status: 'complete', metrics: null, modelDir: null, message: '2026-11-20 (7/14)' });
    });

    it('takes the kind from a live event of a new job', () => {
      const view = event(IDLE_JOB, { type: 'train_progress', job_id: 'b2', kind: 'build_features', step: 'building_features', progress_pct: 0, message: null });
      expect(view.kind).toBe('build_features');
    });
  });

  it('clamps odd percentages into 0..100', () => {
    expect(fromStatus({ ...running, progress_pct: 140 }).progressPct).toBe(100);
    expect(fromStatus({ ...running, progress_pct: -5 }).progressPct).toBe(0);
  });
});
