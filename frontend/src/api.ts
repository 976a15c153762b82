// The one way the page talks HTTP to the server. Every error answer is `{detail, field}`;
// it becomes an ApiError that keeps the status code and the field it names.

import type {
  ActivationResult,
  ActivityDay,
  CompareAnswer,
  ImportResult,
  LabelSpan,
  NewSpan,
  OverlapMode,
  CurrentPredictions,
  SavedSpan,
  SpanPatch,
  TrayState,
  UndoResult,
  DataCheck,
  EventSnapshot,
  IsoDate,
  JobState,
  ModelInspection,
  ModelSummary,
  ServerInfo,
  TrainRequest,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly field: string | null;
  /** The whole error body, for answers that carry more than `{detail, field}` (409 overlaps). */
  readonly body: unknown;

  constructor(status: number, detail: string, field: string | null, body: unknown = null) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
    this.body = body;
  }
}

/** The server's `{detail, field}` body, or a fallback text when it sent something else. */
export function errorFromBody(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'detail' in body) {
    const { detail, field } = body as { detail: unknown; field?: unknown };
    const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
    return new ApiError(status, text, typeof field === 'string' ? field : null, body);
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
  return new ApiError(status, `The server answered ${status}${text ? `: ${text}` : ''}`, null);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init?.headers } });
  } catch {
    throw new ApiError(0, 'Cannot reach the taskclf server. Is it still running?', null);
  }
  const body = await readBody(response);
  if (!response.ok) throw errorFromBody(response.status, body);
  return body as T;
}

function sendJson<T>(method: string, path: string, payload: unknown): Promise<T> {
  return request<T>(path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

function postJson<T>(path: string, payload: unknown): Promise<T> {
  return sendJson<T>('POST', path, payload);
}

function days(dateFrom: IsoDate, dateTo: IsoDate): URLSearchParams {
  return new URLSearchParams({ date_from: dateFrom, date_to: dateTo });
}

/** The CSV export of some days, for an `<a href download>`. */
export function exportHref(dateFrom: IsoDate, dateTo: IsoDate): string {
  return `/api/labels/export?${days(dateFrom, dateTo)}`;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export const api = {
  info: () => request<ServerInfo>('/api/info'),
  dataCheck: (dateFrom: IsoDate, dateTo: IsoDate) => {
    const query = new URLSearchParams({ date_from: dateFrom, date_to: dateTo });
    return request<DataCheck>(`/api/train/data-check?${query}`);
  },
  startTraining: (body: TrainRequest) => postJson<JobState>('/api/train/start', body),
  cancelJob: () => postJson<JobState>('/api/train/cancel', {}),
  jobStatus: () => request<JobState>('/api/train/status'),
  snapshot: () => request<EventSnapshot>('/api/ws/snapshot'),
  models: () => request<ModelSummary[]>('/api/train/models'),
  inspectModel: (modelId: string) =>
    request<ModelInspection>(`/api/train/models/${encodeURIComponent(modelId)}/inspect`),
  compareModels: (a: string, b: string, dateFrom: IsoDate, dateTo: IsoDate) => {
    const query = new URLSearchParams({ a, b, date_from: dateFrom, date_to: dateTo });
    return request<CompareAnswer>(`/api/train/models/compare?${query}`);
  },
  activateModel: (modelId: string) =>
    postJson<ActivationResult>(`/api/train/models/${encodeURIComponent(modelId)}/activate`, {}),

  labels: (dateFrom: IsoDate, dateTo: IsoDate) => request<LabelSpan[]>(`/api/labels?${days(dateFrom, dateTo)}`),
  addLabel: (body: NewSpan) => postJson<SavedSpan>('/api/labels', body),
  updateLabel: (id: number, body: SpanPatch) => sendJson<SavedSpan>('PUT', `/api/labels/${id}`, body),
  deleteLabel: (id: number) => request<null>(`/api/labels/${id}`, { method: 'DELETE' }),
  undoLabels: () => postJson<UndoResult>('/api/labels/undo', {}),
  labelNames: () => request<{ labels: string[] }>('/api/labels/names'),
  importLabels: (file: File, onOverlap?: OverlapMode) => {
    const form = new FormData();
    form.append('file', file, file.name);
    const query = onOverlap ? `?${new URLSearchParams({ on_overlap: onOverlap })}` : '';
    return request<ImportResult>(`/api/labels/import${query}`, { method: 'POST', body: form });
  },
  activity: (date: IsoDate) => request<ActivityDay>(`/api/activity?${new URLSearchParams({ date })}`),
  predictions: (date: IsoDate) =>
    request<CurrentPredictions>(`/api/train/models/current/predictions?${days(date, date)}&when_none=empty`),
  trayState: () => request<TrayState>('/api/tray/state'),
  pauseTray: () => postJson<TrayState>('/api/tray/pause', {}),
  resumeTray: () => postJson<TrayState>('/api/tray/resume', {}),
};
