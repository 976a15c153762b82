// The live event stream: `/ws/predictions`, reopened with backoff whenever it drops.

import { createBackoff } from './state/reconnect';
import type { ServerEvent } from './types';

export type LinkState = 'connecting' | 'live' | 'reconnecting';

export interface LiveHandlers {
  onEvent: (event: ServerEvent) => void;
  /** Called after every successful (re)connect: the moment to catch up on missed events. */
  onOpen: () => void;
  onLinkState: (state: LinkState) => void;
}

export function eventsUrl(where: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = where.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${where.host}/ws/predictions`;
}

export function parseEvent(data: unknown): ServerEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      return value as ServerEvent;
    }
  } catch {
    // Not JSON: nothing the page can use.
  }
  return null;
}

/** Open the stream and keep it open; returns a function that closes it for good. */
export function connectLive(handlers: LiveHandlers): () => void {
  const backoff = createBackoff();
  let socket: WebSocket | null = null;
  let retryTimer: number | undefined;
  let stopped = false;

  const scheduleRetry = () => {
    if (stopped) return;
    handlers.onLinkState('reconnecting');
    retryTimer = window.setTimeout(open, backoff.next());
  };

  function open() {
    if (stopped) return;
    const current = new WebSocket(eventsUrl(window.location));
    socket = current;
    current.onopen = () => {
      backoff.reset();
      handlers.onLinkState('live');
      handlers.onOpen();
    };
    current.onmessage = (message) => {
      const event = parseEvent(message.data);
      if (event) handlers.onEvent(event);
    };
    current.onclose = () => {
      if (socket === current) socket = null;
      scheduleRetry();
    };
    // An error is always followed by close, which schedules the retry.
    current.onerror = () => undefined;
  }

  handlers.onLinkState('connecting');
  open();
  return () => {
    stopped = true;
    window.clearTimeout(retryTimer);
    socket?.close();
  };
}
