import type { ServerInfo } from '../types';
import type { LinkState } from '../ws';

const LINK_TEXT: Record<LinkState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
};

export function Header({ info, link }: { info: ServerInfo | null; link: LinkState }) {
  return (
    <header class="topbar">
      <div class="topbar-inner">
        <div class="brand">
          <img class="brand-mark" src="/favicon.svg" alt="" width="24" height="24" />
          <h1 class="brand-name">taskclf</h1>
          {info && (
            <span class="brand-version" data-testid="app-version">
              v{info.version}
            </span>
          )}
        </div>
        <div class="topbar-meta">
          {info && (
            <span class="meta-item" data-testid="app-timezone" title="The server's time zone">
              {info.timezone}
            </span>
          )}
          {info && (
            <span class={`pill ${info.tray ? 'pill-on' : 'pill-off'}`} data-testid="tray-status">
              <span class="dot" aria-hidden="true" />
              {info.tray ? 'tray running' : 'no tray'}
            </span>
          )}
          <span class={`pill pill-link-${link}`} data-testid="link-status" title="Live updates">
            <span class="dot" aria-hidden="true" />
            {LINK_TEXT[link]}
          </span>
          <a class="meta-link" href="/docs">
            API docs
          </a>
        </div>
      </div>
    </header>
  );
}
