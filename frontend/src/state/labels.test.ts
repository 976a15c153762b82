import { describe, expect, it } from 'vitest';
import { importProblems, problemText } from '../importErrors';
import type { PredictionEvent } from '../types';
import { CLOSED, overlapReducer, overlapsFrom, type OverlapState } from './overlap';
import { parseRoute } from '../route';
import {
  acceptStretch,
  heldMinutes,
  isPrediction,
  nextRun,
  NO_SUGGESTION,
  suggestionReducer,
  type SuggestionRun,
} from './suggestion';

const M = 60_000;
const T0 = Date.UTC(2026, 0, 10, 10, 0);

function prediction(minute: number, smoothed: string, label = smoothed): PredictionEvent {
  return {
    type: 'prediction',
    label,
    confidence: 0.8,
    probabilities: {},
    smoothed_label: smoothed,
    smoothed_confidence: 0.7,
    unsure: false,
    reason: 'editor in focus',
    minute: new Date(T0 + minute * M).toISOString().replace('.000Z', '+00:00'),
    model_id: 'm1',
  };
}

function feed(events: PredictionEvent[]): SuggestionRun | null {
  return events.reduce<SuggestionRun | null>((run, event) => nextRun(run, event), null);
}

describe('how long the suggestion has held', () => {
  it('counts consecutive minutes of the same smoothed label', () => {
    const run = feed([prediction(0, 'Build'), prediction(1, 'Build', 'Debug'), prediction(2, 'Build')])!;
    expect([run.label, heldMinutes(run)]).toEqual(['Build', 3]);
  });

  it('a repeated minute (two polls in one minute) does not count twice', () => {
    const run = feed([prediction(0, 'Build'), prediction(0, 'Build'), prediction(1, 'Build')])!;
    expect(heldMinutes(run)).toBe(2);
  });

  it('a change of label or a long gap starts over; a late older minute is ignored', () => {
    expect(heldMinutes(feed([prediction(0, 'Build'), prediction(1, 'Write')])!)).toBe(1);
    expect(feed([prediction(0, 'Build'), prediction(1, 'Write')])!.first).toBe(T0 + M);
    expect(heldMinutes(feed([prediction(0, 'Build'), prediction(10, 'Build')])!)).toBe(1);
    expect(heldMinutes(feed([prediction(0, 'Build'), prediction(3, 'Build'), prediction(1, 'Write')])!)).toBe(4);
  });

  it('Accept covers the run, to the end of its last minute', () => {
    const run = feed([prediction(0, 'Build'), prediction(1, 'Build'), prediction(2, 'Build')])!;
    expect(acceptStretch(run)).toEqual({ start: T0, end: T0 + 3 * M, label: 'Build' });
  });
});

describe('the overlap choice', () => {
  const pending = { request: { label: 'Build' }, overlaps: [], detail: 'overlaps 1 span' };

  it('asks, sends the choice, and closes when done', () => {
    let state: OverlapState<{ label: string }> = CLOSED;
    state = overlapReducer(state, { type: 'conflict', pending });
    expect(state.state).toBe('asking');
    state = overlapReducer(state, { type: 'choose', mode: 'replace' });
    expect(state).toEqual({ state: 'sending', pending, mode: 'replace' });
    expect(overlapReducer(state, { type: 'cancel' })).toBe(state); // not while sending
    expect(overlapReducer(state, { type: 'done' })).toEqual(CLOSED);
  });

  it('a failed re-send can be retried or cancelled', () => {
    let state: OverlapState<{ label: string }> = overlapReducer(CLOSED, { type: 'conflict', pending });
    state = overlapReducer(state, { type: 'choose', mode: 'keep_both' });
    state = overlapReducer(state, { type: 'failed', error: 'disk full' });
    expect(state).toEqual({ state: 'failed', pending, error: 'disk full' });
    expect(overlapReducer(state, { type: 'choose', mode: 'replace' }).state).toBe('sending');
    expect(overlapReducer(state, { type: 'cancel' })).toEqual(CLOSED);
  });

  it('choosing when nothing is asked changes nothing', () => {
    expect(overlapReducer(CLOSED, { type: 'choose', mode: 'replace' })).toBe(CLOSED);
  });

  it('reads the overlapped spans from a 409 about on_overlap only', () => {
    const body = { detail: 'x', field: 'on_overlap', overlaps: [{ id: 3, start_ts: 'a', end_ts: 'b', label: 'Write' }, 7] };
    expect(overlapsFrom(409, 'on_overlap', body)).toEqual([{ id: 3, start_ts: 'a', end_ts: 'b', label: 'Write' }]);
    expect(overlapsFrom(409, null, body)).toBeNull();
    expect(overlapsFrom(422, 'on_overlap', body)).toBeNull();
  });
});

describe('import errors', () => {
  it('names the line of each problem', () => {
    expect(importProblems('line 3: end_ts must be after start_ts').map(problemText)).toEqual([
      'Line 3: end_ts must be after start_ts',
    ]);
    expect(importProblems('CSV line 3: end_ts must be after start_ts')).toEqual([
      { line: 3, message: 'end_ts must be after start_ts' },
    ]);
    expect(importProblems('line 2: bad time; line 5: empty label')).toEqual([
      { line: 2, message: 'bad time' },
      { line: 5, message: 'empty label' },
    ]);
  });

  it('keeps a message without a line as it is', () => {
    expect(importProblems('the header must be start_ts,end_ts,label')).toEqual([
      { line: null, message: 'the header must be start_ts,end_ts,label' },
    ]);
  });
});

describe('the stream of suggestions', () => {
  it('follows predictions and asks for a fresh tray state when errors come and go', () => {
    let view = suggestionReducer(NO_SUGGESTION, { type: 'prediction', event: prediction(0, 'Build') });
    expect([view.run?.label, view.stateVersion]).toEqual(['Build', 0]);
    view = suggestionReducer(view, { type: 'prediction_error', error: 'ActivityWatch unreachable' });
    expect([view.error, view.stateVersion]).toEqual(['ActivityWatch unreachable', 1]);
    view = suggestionReducer(view, { type: 'prediction', event: prediction(1, 'Build') });
    expect([view.error, view.stateVersion, view.run && heldMinutes(view.run)]).toEqual([null, 2, 2]);
    expect(suggestionReducer(view, { type: 'model_loaded' }).stateVersion).toBe(3);
  });

  it('tells a prediction event from other events', () => {
    expect(isPrediction(prediction(0, 'Build'))).toBe(true);
    expect(isPrediction({ type: 'prediction' })).toBe(false);
    expect(isPrediction(null)).toBe(false);
  });
});

describe('routes', () => {
  it('parses the Labels and Live routes', () => {
    expect(parseRoute('#/labels')).toEqual({ tab: 'labels', date: null });
    expect(parseRoute('#/labels/2026-01-10')).toEqual({ tab: 'labels', date: '2026-01-10' });
    expect(parseRoute('#/labels/yesterday')).toEqual({ tab: 'labels', date: null });
    expect(parseRoute('#/live')).toEqual({ tab: 'live' });
  });
});
