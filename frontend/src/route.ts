// Hash routes: #/training (default), #/labels, #/labels/YYYY-MM-DD, #/live, #/models,
// #/models/<model_id>.

import type { IsoDate } from './types';

export type Route =
  | { tab: 'training' }
  | { tab: 'labels'; date: IsoDate | null }
  | { tab: 'live' }
  | { tab: 'models'; modelId: null }
  | { tab: 'models'; modelId: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const [section, ...rest] = path.split('/');
  if (section === 'labels') {
    const date = rest[0] ?? '';
    return { tab: 'labels', date: /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null };
  }
  if (section === 'live') return { tab: 'live' };
  if (section !== 'models') return { tab: 'training' };
  const id = rest.join('/');
  if (!id) return { tab: 'models', modelId: null };
  try {
    return { tab: 'models', modelId: decodeURIComponent(id) };
  } catch {
    return { tab: 'models', modelId: id };
  }
}

export function modelHref(modelId: string): string {
  return `#/models/${encodeURIComponent(modelId)}`;
}

export function labelsHref(date: IsoDate): string {
  return `#/labels/${date}`;
}
