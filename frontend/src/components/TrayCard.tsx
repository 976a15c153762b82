import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatDateTime } from '../format';
import { modelHref } from '../route';
import type { AwStatus, TrayState } from '../types';
import { Card } from './Card';
import { ErrorNote } from './ErrorNote';

const AW_TEXT: Record<AwStatus, { text: string; tone: string; icon: string }> = {
  ok: { text: 'ok', tone: 'on', icon: '✓' },
  unreachable: { text: 'unreachable', tone: 'bad', icon: '!' },
  no_data: { text: 'no data', tone: 'warn', icon: '–' },
};

/** Pause/Resume, the model in use and ActivityWatch's health. */
export function TrayCard({ tray, error, onTray, timeZone }: {
  tray: TrayState;
  error: string | null;
  onTray: (state: TrayState) => void;
  timeZone: string;
}) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const aw = AW_TEXT[tray.aw_status] ?? { text: tray.aw_status, tone: 'warn', icon: '?' };

  const toggle = async () => {
    setBusy(true);
    setFailure(null);
    try {
      onTray(await (tray.paused ? api.resumeTray() : api.pauseTray()));
    } catch (problem) {
      setFailure(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card id="tray" title="Tray">
      <dl class="meta-list">
        <div class="meta-row">
          <dt>Suggestions</dt>
          <dd>
            <span data-testid="tray-paused">{tray.paused ? 'paused' : `on, every ${tray.poll_seconds} s`}</span>{' '}
            <button type="button" class="button button-secondary button-small" disabled={busy} onClick={toggle}>
              {tray.paused ? 'Resume' : 'Pause'}
            </button>
          </dd>
        </div>
        <div class="meta-row">
          <dt>Model</dt>
          <dd data-testid="tray-model">
            {tray.model_id ? (
              <>
                <a href={modelHref(tray.model_id)}>{tray.model_id}</a>
                {tray.loaded_at && <span class="muted small"> loaded {formatDateTime(tray.loaded_at, timeZone)}</span>}
              </>
            ) : (
              <span class="muted">none active — train one on the Training tab</span>
            )}
          </dd>
        </div>
        <div class="meta-row">
          <dt>ActivityWatch</dt>
          <dd>
            <span class={`pill pill-aw-${aw.tone}`} data-testid="aw-status">
              <span class="dot" aria-hidden="true" />
              <span aria-hidden="true">{aw.icon}</span> {aw.text}
            </span>
          </dd>
        </div>
      </dl>
      {error && (
        <p class="note note-warning tray-last-error" data-testid="tray-last-error">
          Last problem: {error}
        </p>
      )}
      {failure !== null && <ErrorNote error={failure} testId="pause-error" />}
    </Card>
  );
}
