// Pure logic of the model page's raw/decoded toggle and its comparison card.

import { addDays, formatCount, formatF1 } from './format';
import type {
  CompareAnswer,
  CompareSide,
  DecodingInfo,
  IsoDate,
  ModelInspection,
  ModelSummary,
  SavedValidation,
} from './types';

export type ScoreView = 'raw' | 'decoded';

/** The decoded validation when the bundle has one (newer bundles), else null. */
export function decodedValidation(inspection: ModelInspection): SavedValidation | null {
  const decoded = inspection.bundle_saved_validation_decoded;
  return decoded && Array.isArray(decoded.label_names) ? decoded : null;
}

/** The validation the heat-map, per-class table and top confusions show for a view. */
export function validationFor(inspection: ModelInspection, view: ScoreView): SavedValidation {
  const decoded = decodedValidation(inspection);
  return view === 'decoded' && decoded ? decoded : inspection.bundle_saved_validation;
}

/** `metadata.decoding` when it is an object, else null. */
export function decodingInfo(inspection: ModelInspection): DecodingInfo | null {
  const value = inspection.metadata.decoding;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as DecodingInfo) : null;
}

/** "HMM Viterbi · the tray decodes live with a 2-minute lag · …", from the parts that are there. */
export function decodingDetails(info: DecodingInfo | null): string | null {
  if (!info) return null;
  const parts: string[] = [];
  if (typeof info.method === 'string' && info.method) {
    parts.push(info.method.replace(/_/g, ' ').replace(/\bhmm\b/i, 'HMM').replace(/\bviterbi\b/i, 'Viterbi'));
  }
  if (typeof info.online_lag_minutes === 'number') {
    parts.push(`the tray decodes live with a ${formatCount(info.online_lag_minutes)}-minute lag`);
  }
  if (typeof info.gap_minutes === 'number') {
    parts.push(`a gap over ${formatCount(info.gap_minutes)} min starts a new sequence`);
  }
  return parts.length ? parts.join(' · ') : null;
}

/** Valid models other than this one, newest first, for "Compare with". */
export function compareCandidates(models: ModelSummary[], self: string): ModelSummary[] {
  return models
    .filter((model) => model.valid && model.model_id !== self)
    .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? '') || b.model_id.localeCompare(a.model_id));
}

/** Seven days ending at the other model's last training day, or at today when it has none. */
export function defaultCompareDates(
  other: ModelSummary | undefined,
  today: IsoDate,
): { from: IsoDate; to: IsoDate } {
  const to = other?.date_to && /^\d{4}-\d{2}-\d{2}$/.test(other.date_to) ? other.date_to : today;
  return { from: addDays(to, -6), to };
}

/** "12 minutes where this model said Build and the other Debug". */
export function disagreementText(aLabel: string, bLabel: string, minutes: number): string {
  return `${formatCount(minutes)} ${minutes === 1 ? 'minute' : 'minutes'} where this model said ${aLabel} and the other ${bLabel}`;
}

/** "Better on the newest days: <id>", or a tie. */
export function betterText(better: CompareAnswer['better'], answer: CompareAnswer): string {
  if (better === 'a') return answer.a.model_id;
  if (better === 'b') return answer.b.model_id;
  return 'tie';
}

/** "37 of 1,440 minutes (2.6%)" — how much the two models disagree. */
export function disagreementSummary(minutes: number, share: number, rows: number): string {
  const percent = Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '—';
  return `${formatCount(minutes)} of ${formatCount(rows)} ${rows === 1 ? 'minute' : 'minutes'} (${percent})`;
}

/** An F1 difference with its sign: "+0.052", "−0.010", "±0.000". */
export function formatDelta(a: number | null | undefined, b: number | null | undefined): string {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return '—';
  const delta = a - b;
  const text = formatF1(Math.abs(delta));
  if (text === '0.000') return '±0.000';
  return delta > 0 ? `+${text}` : `−${text}`;
}

/** A bar width in percent for an F1 (0–1), clamped. */
export function barPercent(value: number | null | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 0;
  return Math.round(Math.min(1, Math.max(0, value)) * 100);
}

/** "macro F1 of decoded guesses · raw 0.812 · accuracy 0.930" under a side's big number. */
export function sideDetails(side: CompareSide): string {
  const parts = [side.scored_on ? `macro F1 of ${side.scored_on} guesses` : 'macro F1'];
  if (side.scored_on === 'decoded' && typeof side.raw_macro_f1 === 'number') {
    parts.push(`raw ${formatF1(side.raw_macro_f1)}`);
  } else if (side.scored_on !== 'decoded' && typeof side.decoded_macro_f1 === 'number') {
    parts.push(`decoded ${formatF1(side.decoded_macro_f1)}`);
  }
  parts.push(`accuracy ${formatF1(side.accuracy)}`);
  return parts.join(' · ');
}
