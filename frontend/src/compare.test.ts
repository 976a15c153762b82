import { describe, expect, it } from 'vitest';
import {
  barPercent,
  betterText,
  compareCandidates,
  decodedValidation,
  decodingDetails,
  decodingInfo,
  defaultCompareDates,
  disagreementSummary,
  disagreementText,
  formatDelta,
  sideDetails,
  validationFor,
} from './compare';
import type { CompareAnswer, ModelInspection, ModelSummary, SavedValidation } from './types';

function validation(macro: number, labels = ['Build', 'Debug']): SavedValidation {
  return {
    macro_f1: macro,
    weighted_f1: macro,
    label_names: labels,
    confusion_matrix: [
      [9, 1],
      [2, 8],
    ],
    per_class_derived: {},
    top_confusion_pairs: [],
  };
}

function inspection(decoded?: SavedValidation | null, decoding?: unknown): ModelInspection {
  return {
    bundle_path: '/m/x',
    metadata: decoding === undefined ? {} : { decoding },
    bundle_saved_validation: validation(0.6),
    ...(decoded === undefined ? {} : { bundle_saved_validation_decoded: decoded }),
  };
}

function model(id: string, extra: Partial<ModelSummary> = {}): ModelSummary {
  return {
    model_id: id,
    path: `/m/${id}`,
    valid: true,
    invalid_reason: null,
    macro_f1: 0.5,
    weighted_f1: 0.5,
    created_at: null,
    ...extra,
  };
}

describe('raw and decoded validation', () => {
  it('uses the decoded validation only when the bundle has one', () => {
    const decoded = validation(0.9);
    expect(decodedValidation(inspection(decoded))).toBe(decoded);
    expect(validationFor(inspection(decoded), 'decoded').macro_f1).toBe(0.9);
    expect(validationFor(inspection(decoded), 'raw').macro_f1).toBe(0.6);
  });

  it('falls back to raw for older bundles (absent or null)', () => {
    expect(decodedValidation(inspection())).toBeNull();
    expect(decodedValidation(inspection(null))).toBeNull();
    expect(validationFor(inspection(), 'decoded').macro_f1).toBe(0.6);
    expect(validationFor(inspection(null), 'decoded').macro_f1).toBe(0.6);
  });

  it('describes the decoding from the parts the metadata has', () => {
    const info = decodingInfo(inspection(null, { method: 'hmm_viterbi', gap_minutes: 5, online_lag_minutes: 3 }));
    expect(decodingDetails(info)).toBe(
      'HMM Viterbi · the tray decodes live with a 3-minute lag · a gap over 5 min starts a new sequence',
    );
    expect(decodingDetails(decodingInfo(inspection(null, { method: 'hmm' })))).toBe('HMM');
    expect(decodingInfo(inspection(null, 'viterbi'))).toBeNull();
    expect(decodingDetails(decodingInfo(inspection()))).toBeNull();
  });
});

describe('compare defaults', () => {
  it('lists valid models other than this one, newest first', () => {
    const models = [
      model('a', { created_at: '2026-11-01T00:00:00Z' }),
      model('self', { created_at: '2026-11-03T00:00:00Z' }),
      model('bad', { valid: false, created_at: '2026-11-04T00:00:00Z' }),
      model('b', { created_at: '2026-11-02T00:00:00Z' }),
    ];
    expect(compareCandidates(models, 'self').map((m) => m.model_id)).toEqual(['b', 'a']);
  });

  it("ends at the other model's last day, seven days in all", () => {
    expect(defaultCompareDates(model('b', { date_to: '2026-11-25' }), '2026-11-30')).toEqual({
      from: '2026-11-19',
      to: '2026-11-25',
    });
    expect(defaultCompareDates(model('b', { date_to: '2026-03-02' }), '2026-11-30').from).toBe('2026-02-24');
  });

  it('uses the last seven days of today when the other model has no dates', () => {
    expect(defaultCompareDates(model('b'), '2026-11-30')).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    expect(defaultCompareDates(undefined, '2026-01-03')).toEqual({ from: '2025-12-28', to: '2026-01-03' });
  });
});

describe('compare words', () => {
  it('says where the two models disagree', () => {
    expect(disagreementText('Build', 'Debug', 12)).toBe('12 minutes where this model said Build and the other Debug');
    expect(disagreementText('Write', 'Review', 1)).toBe('1 minute where this model said Write and the other Review');
    expect(disagreementSummary(37, 0.0257, 1440)).toBe('37 of 1,440 minutes (2.6%)');
  });

  it('names the better model or a tie', () => {
    const answer = { a: { model_id: 'A1' }, b: { model_id: 'B2' } } as CompareAnswer;
    expect(betterText('a', answer)).toBe('A1');
    expect(betterText('b', answer)).toBe('B2');
    expect(betterText('tie', answer)).toBe('tie');
  });

  it('signs differences and clamps bars', () => {
    expect(formatDelta(0.8, 0.75)).toBe('+0.050');
    expect(formatDelta(0.7, 0.75)).toBe('−0.050');
    expect(formatDelta(0.5, 0.5)).toBe('±0.000');
    expect(formatDelta(null, 0.5)).toBe('—');
    expect(barPercent(0.456)).toBe(46);
    expect(barPercent(1.2)).toBe(100);
    expect(barPercent(null)).toBe(0);
  });
});

describe('compare sides', () => {
  const side = { model_id: 'A', macro_f1: 0.9, weighted_f1: 0.9, accuracy: 0.95, decoded_macro_f1: 0.9, raw_macro_f1: 0.8 };
  it('says which guesses the score is of, and the other one', () => {
    expect(sideDetails({ ...side, scored_on: 'decoded' })).toBe('macro F1 of decoded guesses · raw 0.800 · accuracy 0.950');
    expect(sideDetails({ ...side, scored_on: 'raw', decoded_macro_f1: null })).toBe('macro F1 of raw guesses · accuracy 0.950');
    expect(sideDetails({ ...side, scored_on: null })).toBe('macro F1 · decoded 0.900 · accuracy 0.950');
  });
});
