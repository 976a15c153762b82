// The overlap choice: a save refused with 409 on_overlap names the spans it overlaps; the
// user replaces them, keeps both, or cancels, and the same save is sent again. Pure.

import type { OverlapMode, OverlappedSpan } from '../types';

/** What to send again once the user chose (the component knows how to send each kind). */
export type PendingSave<R> = { request: R; overlaps: OverlappedSpan[]; detail: string };

export type OverlapState<R> =
  | { state: 'closed' }
  | { state: 'asking'; pending: PendingSave<R> }
  | { state: 'sending'; pending: PendingSave<R>; mode: Exclude<OverlapMode, 'refuse'> }
  | { state: 'failed'; pending: PendingSave<R>; error: string };

export type OverlapAction<R> =
  | { type: 'conflict'; pending: PendingSave<R> }
  | { type: 'choose'; mode: Exclude<OverlapMode, 'refuse'> }
  | { type: 'cancel' }
  | { type: 'done' }
  | { type: 'failed'; error: string };

export const CLOSED = { state: 'closed' } as const;

export function overlapReducer<R>(state: OverlapState<R>, action: OverlapAction<R>): OverlapState<R> {
  switch (action.type) {
    case 'conflict':
      // A second refusal while re-sending (the store changed meanwhile) asks again.
      return { state: 'asking', pending: action.pending };
    case 'choose':
      if (state.state !== 'asking' && state.state !== 'failed') return state;
      return { state: 'sending', pending: state.pending, mode: action.mode };
    case 'cancel':
      return state.state === 'sending' ? state : CLOSED;
    case 'done':
      return CLOSED;
    case 'failed':
      if (state.state !== 'sending') return state;
      return { state: 'failed', pending: state.pending, error: action.error };
    default:
      return state;
  }
}

/** The overlapped spans from a 409 body, or null when the refusal is not about overlap. */
export function overlapsFrom(status: number, field: string | null, body: unknown): OverlappedSpan[] | null {
  if (status !== 409 || field !== 'on_overlap' || !body || typeof body !== 'object') return null;
  const list = (body as { overlaps?: unknown }).overlaps;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (item): item is OverlappedSpan =>
      !!item && typeof item === 'object' && typeof (item as OverlappedSpan).start_ts === 'string',
  );
}
