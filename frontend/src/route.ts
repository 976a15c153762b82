// Hash routes: #/training (default), #/models, #/models/<model_id>.

export type Route =
  | { tab: 'training' }
  | { tab: 'models'; modelId: null }
  | { tab: 'models'; modelId: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const [section, ...rest] = path.split('/');
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
