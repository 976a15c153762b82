// The one way the page talks HTTP to the server. Every error answer is `{detail, field}`;
// it becomes an ApiError that keeps the status code and the field it names.

import type {
  ActivationResult,
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

  constructor(status: number, detail: string, field: string | null) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
  }
}

/** The server's `{detail, field}` body, or a fallback text when it sent something else. */
export function errorFromBody(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'detail' in body) {
    const { detail, field } = body as { detail: unknown; field?: unknown };
    const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
    return new ApiError(status, text, typeof field === 'string' ? field : null);
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

function postJson<T>(path: string, payload: unknown): Promise<T> {
  return request<T>(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
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
  activateModel: (modelId: string) =>
    postJson<ActivationResult>(`/api/train/models/${encodeURIComponent(modelId)}/activate`, {}),
};
