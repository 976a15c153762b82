// Saving label spans with the overlap choice: a 409 naming overlapped spans opens the choice,
// and the chosen answer re-sends the same request with `on_overlap`.

import { useReducer, useRef } from 'preact/hooks';
import { api, ApiError, errorText } from './api';
import { CLOSED, overlapReducer, overlapsFrom, type OverlapAction, type OverlapState } from './state/overlap';
import type { ImportResult, NewSpan, OverlapMode, SavedSpan, SpanPatch } from './types';

export type SaveRequest =
  | { kind: 'create'; body: NewSpan }
  | { kind: 'update'; id: number; body: SpanPatch }
  | { kind: 'import'; file: File };

export type Saved =
  | { kind: 'create' | 'update'; request: SaveRequest; span: SavedSpan }
  | { kind: 'import'; request: SaveRequest; result: ImportResult };

async function send(request: SaveRequest, mode?: OverlapMode): Promise<Saved> {
  switch (request.kind) {
    case 'create': {
      const body = mode ? { ...request.body, on_overlap: mode } : request.body;
      return { kind: 'create', request, span: await api.addLabel(body) };
    }
    case 'update': {
      const body = mode ? { ...request.body, on_overlap: mode } : request.body;
      return { kind: 'update', request, span: await api.updateLabel(request.id, body) };
    }
    case 'import':
      return { kind: 'import', request, result: await api.importLabels(request.file, mode) };
  }
}

type State = OverlapState<SaveRequest>;
const reduce = (state: State, action: OverlapAction<SaveRequest>): State => overlapReducer(state, action);

export interface SpanSaver {
  overlap: State;
  /** Resolves to the saved result, or null when the user is being asked about an overlap. */
  save: (request: SaveRequest) => Promise<Saved | null>;
  choose: (mode: 'replace' | 'keep_both') => void;
  cancel: () => void;
}

export function useSpanSaver(onSaved: (saved: Saved) => void): SpanSaver {
  const [overlap, dispatch] = useReducer(reduce, CLOSED as State);
  const latest = useRef({ overlap, onSaved });
  latest.current = { overlap, onSaved };

  const attempt = async (request: SaveRequest, mode?: OverlapMode): Promise<Saved | null> => {
    try {
      const saved = await send(request, mode);
      latest.current.onSaved(saved);
      return saved;
    } catch (error) {
      const overlaps = error instanceof ApiError ? overlapsFrom(error.status, error.field, error.body) : null;
      if (overlaps === null) throw error;
      dispatch({ type: 'conflict', pending: { request, overlaps, detail: errorText(error) } });
      return null;
    }
  };

  const choose = (mode: 'replace' | 'keep_both') => {
    const current = latest.current.overlap;
    if (current.state !== 'asking' && current.state !== 'failed') return;
    dispatch({ type: 'choose', mode });
    attempt(current.pending.request, mode).then(
      (saved) => saved && dispatch({ type: 'done' }),
      (error: unknown) => dispatch({ type: 'failed', error: errorText(error) }),
    );
  };

  return { overlap, save: (request) => attempt(request), choose, cancel: () => dispatch({ type: 'cancel' }) };
}
