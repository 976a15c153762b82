import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api';
import type { Live } from '../live';
import type { ServerInfo, TrayState } from '../types';
import { Card } from './Card';
import { ErrorNote } from './ErrorNote';
import { Spinner } from './Spinner';
import { SuggestionCard } from './SuggestionCard';
import { TrayCard } from './TrayCard';

/** The running tray: its suggestion now, and its state. Read on load, then from the stream. */
export function LiveTab({ info, live }: { info: ServerInfo; live: Live }) {
  const [tray, setTray] = useState<TrayState | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { suggestion, suggest } = live;

  useEffect(() => {
    if (!info.tray) return undefined;
    let alive = true;
    api.trayState().then(
      (state) => {
        if (!alive) return;
        setTray(state);
        setLoadError(null);
        if (state.last_prediction) suggest({ type: 'prediction', event: state.last_prediction });
      },
      (failure: unknown) => alive && setLoadError(failure),
    );
    return () => {
      alive = false;
    };
  }, [info.tray, suggestion.stateVersion]);

  if (!info.tray) return <NoTray />;
  if (loadError !== null && tray === null) {
    return (
      <Card id="live-error" title="Live suggestions">
        <ErrorNote error={loadError} testId="tray-error" />
      </Card>
    );
  }
  if (tray === null) {
    return (
      <p class="busy">
        <Spinner /> Reading the tray's state…
      </p>
    );
  }
  const error = suggestion.error ?? tray.last_error;
  return (
    <div class="live-grid">
      <SuggestionCard run={suggestion.run} paused={tray.paused} timeZone={info.timezone} modelId={tray.model_id} />
      <TrayCard tray={tray} error={error} onTray={setTray} timeZone={info.timezone} />
      {loadError !== null && <p class="note note-warning">Could not refresh the tray's state: {errorText(loadError)}</p>}
    </div>
  );
}

function NoTray() {
  return (
    <Card id="no-tray" title="No tray is running">
      <div data-testid="no-tray">
        <p class="card-intro">
          This dashboard was started with <code>taskclf ui</code>, which serves the dashboard only: nothing
          watches ActivityWatch, so there are no live suggestions here.
        </p>
        <p>
          To get them, stop this server and run <code>taskclf tray</code> (or <code>taskclf demo</code> to try it
          on sample data). The tray runs this same dashboard plus the suggester.
        </p>
      </div>
    </Card>
  );
}
