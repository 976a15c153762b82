import { describe, expect, it } from 'vitest';
import type { DataCheck } from '../types';
import { trainBlockedReason, type ReadinessInput } from './readiness';

const check: DataCheck = {
  date_from: '2026-11-17',
  date_to: '2026-11-30',
  dates_with_features: [],
  dates_missing_features: [],
  total_feature_rows: 900,
  label_span_count: 4,
  trainable_rows: 300,
  trainable_labels: ['Build', 'Debug'],
  dates_built: [],
  build_errors: [],
};

const base: ReadinessInput = {
  jobRunning: false,
  starting: false,
  synthetic: false,
  preparing: false,
  dates: { from: '2026-11-17', to: '2026-11-30' },
  check,
};

describe('trainBlockedReason', () => {
  it('allows training after a check of these dates found trainable rows', () => {
    expect(trainBlockedReason(base)).toBeNull();
  });

  it('asks for Prepare Data first when there is no check or it is for other dates', () => {
    expect(trainBlockedReason({ ...base, check: null })).toBe('Prepare Data first for these dates');
    expect(trainBlockedReason({ ...base, dates: { from: '2026-11-16', to: '2026-11-30' } })).toBe(
      'Prepare Data first for these dates',
    );
  });

  it('explains zero trainable rows', () => {
    expect(trainBlockedReason({ ...base, check: { ...check, trainable_rows: 0 } })).toBe(
      'No trainable rows: label time inside this range',
    );
  });

  it('synthetic data needs no check', () => {
    expect(trainBlockedReason({ ...base, check: null, synthetic: true })).toBeNull();
  });

  it('a running job blocks even synthetic training', () => {
    expect(trainBlockedReason({ ...base, synthetic: true, jobRunning: true })).toBe('A job is running');
  });
});
