// Shapes of the taskclf HTTP API and WebSocket events, as the dashboard reads them.

export type IsoDate = string; // YYYY-MM-DD

export interface ServerInfo {
  version: string;
  timezone: string;
  today: IsoDate;
  tray: boolean;
}

export type DayStatus = 'built' | 'existing' | 'missing' | 'empty' | 'error';

export interface DayCoverage {
  date: IsoDate;
  status: DayStatus;
  rows: number;
}

export interface DroppedRows {
  partial: number;
  conflicting: number;
  unlabelled: number;
}

export interface DataCheck {
  date_from: IsoDate;
  date_to: IsoDate;
  dates_with_features: IsoDate[];
  dates_missing_features: IsoDate[];
  total_feature_rows: number;
  label_span_count: number;
  trainable_rows: number;
  trainable_labels: string[];
  dates_built: IsoDate[];
  build_errors: string[];
  dropped_rows?: DroppedRows | null;
  days?: DayCoverage[] | null;
}

export type JobKind = 'train' | 'build_features';
export type JobStatus = 'idle' | 'running' | 'complete' | 'failed';

export interface Metrics {
  macro_f1: number;
  weighted_f1: number;
}

export interface JobState {
  job_id: string | null;
  kind?: JobKind | null;
  status: JobStatus;
  step: string | null;
  progress_pct: number;
  message: string | null;
  error: string | null;
  metrics: Metrics | null;
  model_dir: string | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface TrainRequest {
  date_from: IsoDate;
  date_to: IsoDate;
  num_boost_round: number;
  class_weight: 'balanced' | 'none';
  synthetic: boolean;
}

export interface ModelSummary {
  model_id: string;
  path: string;
  valid: boolean;
  invalid_reason: string | null;
  macro_f1: number | null;
  weighted_f1: number | null;
  created_at: string | null;
  date_from?: IsoDate | null;
  date_to?: IsoDate | null;
  n_rows?: number | null;
  data_provenance?: string | null;
  active?: boolean;
}

export interface PerClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ConfusionPair {
  true_label: string;
  pred_label: string;
  count: number;
}

export interface SavedValidation {
  macro_f1: number;
  weighted_f1: number;
  label_names: string[];
  confusion_matrix: number[][];
  per_class_derived: Record<string, PerClassMetrics>;
  top_confusion_pairs: ConfusionPair[];
}

export type ModelMetadata = Record<string, unknown>;

export interface ModelInspection {
  bundle_path: string;
  metadata: ModelMetadata;
  bundle_saved_validation: SavedValidation;
  /** Newer bundles: the same validation after sequence decoding; null or absent before. */
  bundle_saved_validation_decoded?: DecodedValidation | null;
  feature_importance?: Record<string, number> | null;
  /** Bundles trained with the signal report: all signals first, then one group left out a row. */
  signal_table?: SignalRow[] | null;
}

export type SignalGroup = 'context' | 'titles' | 'input' | 'app';

export interface SignalRow {
  /** null: the model with every signal, the row the others read against. */
  removed: SignalGroup | null;
  macro_f1: number;
  macro_f1_decoded: number | null;
}

export interface ActivationResult {
  model_id: string;
  model_dir: string;
  activated_at: string;
}

export interface TrainProgressEvent {
  type: 'train_progress';
  job_id: string;
  kind?: JobKind | null;
  step: string;
  progress_pct: number;
  message: string | null;
}

export interface TrainCompleteEvent {
  type: 'train_complete';
  job_id: string;
  kind?: JobKind | null;
  metrics: Metrics | null;
  model_dir: string | null;
}

export interface TrainFailedEvent {
  type: 'train_failed';
  job_id: string;
  kind?: JobKind | null;
  error: string;
}

export type JobEvent = TrainProgressEvent | TrainCompleteEvent | TrainFailedEvent;

export interface OtherEvent {
  type: 'model_loaded' | 'labels_changed' | 'prediction' | 'prediction_error';
  [key: string]: unknown;
}

export type ServerEvent = JobEvent | OtherEvent;

/** The latest event of each type the server has seen, keyed by type. */
export type EventSnapshot = Partial<Record<string, ServerEvent>>;

// ---------- labels, activity, predictions, tray (issue 11) ----------

export type OverlapMode = 'refuse' | 'replace' | 'keep_both';

export interface LabelSpan {
  id: number;
  start_ts: string;
  end_ts: string;
  label: string;
  source: string;
  created_at: string;
  updated_at: string;
}

export interface SavedSpan extends LabelSpan {
  warnings?: string[];
  duplicate?: boolean;
}

export interface OverlappedSpan {
  id: number;
  start_ts: string;
  end_ts: string;
  label: string;
}

export interface NewSpan {
  start_ts: string;
  end_ts: string;
  label: string;
  source?: string;
  on_overlap?: OverlapMode;
}

export interface SpanPatch {
  start_ts?: string;
  end_ts?: string;
  label?: string;
  on_overlap?: OverlapMode;
}

export interface ImportResult {
  imported: number;
  skipped_duplicates?: number;
  spans: LabelSpan[];
  warnings?: string[];
}

export interface UndoResult {
  undone: string;
  changed_ids?: number[];
}

export interface ActivityMinute {
  minute: string;
  app: string | null;
  category: string | null;
  active_seconds: number;
}

export interface ActivityDay {
  date: IsoDate;
  timezone: string;
  minutes: ActivityMinute[];
  error?: string | null;
}

export interface PredictionRow {
  minute: string;
  label: string;
  confidence: number;
  true_label: string | null;
}

export interface Predictions {
  model_id: string;
  rows: PredictionRow[];
}

/** The current model's predictions, or `model_id: null` (and no rows) when there is none. */
export interface CurrentPredictions {
  model_id: string | null;
  rows: PredictionRow[];
}

export interface PredictionEvent {
  type: 'prediction';
  label: string;
  confidence: number;
  probabilities: Record<string, number>;
  smoothed_label: string;
  smoothed_confidence: number;
  unsure: boolean;
  reason: string;
  minute: string;
  model_id: string;
}

export type AwStatus = 'ok' | 'unreachable' | 'no_data';

export interface TrayState {
  model_id: string | null;
  model_dir: string | null;
  loaded_at: string | null;
  paused: boolean;
  last_prediction: PredictionEvent | null;
  aw_status: AwStatus;
  last_error: string | null;
  poll_seconds: number;
}

// ---------- raw and decoded scores, model comparison (issue 12) ----------

export interface DecodingInfo {
  method?: string | null;
  transitions?: unknown;
  gap_minutes?: number | null;
  online_lag_minutes?: number | null;
}

export interface DecodedValidation extends SavedValidation {
  accuracy?: number | null;
}

export interface CompareSide {
  model_id: string;
  macro_f1: number | null;
  weighted_f1: number | null;
  accuracy: number | null;
  decoded_macro_f1?: number | null;
  raw_macro_f1?: number | null;
  /** Which predictions macro_f1, weighted_f1 and accuracy score: "decoded" or "raw". */
  scored_on?: string | null;
}

export interface CompareClass {
  label: string;
  a_f1: number | null;
  b_f1: number | null;
  support: number;
}

export interface DisagreementPair {
  a_label: string;
  b_label: string;
  minutes: number;
}

export type Better = 'a' | 'b' | 'tie';

export interface CompareAnswer {
  a: CompareSide;
  b: CompareSide;
  date_from: IsoDate;
  date_to: IsoDate;
  n_rows: number;
  per_class: CompareClass[];
  disagreements: { minutes: number; share: number; pairs: DisagreementPair[] };
  newest_days: {
    date_from: IsoDate;
    date_to: IsoDate;
    a_macro_f1: number | null;
    b_macro_f1: number | null;
    better: Better;
  } | null;
  better: Better;
}
