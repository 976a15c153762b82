import { useRef } from 'preact/hooks';
import { api, errorText } from './api';
import { INFO_KEY, takeEarly, takeSettled } from './early';
import { Header } from './components/Header';
import { LabelsTab } from './components/LabelsTab';
import { LiveTab } from './components/LiveTab';
import { ModelList } from './components/ModelList';
import { ModelPage } from './components/ModelPage';
import { panelId, tabId, Tabs } from './components/Tabs';
import { TrainingTab } from './components/TrainingTab';
import { useHashRoute, useLoad } from './hooks';
import { useLive } from './live';
import type { ServerInfo } from './types';

/** Used only when /api/info cannot be read: today in the browser's own zone. */
function browserInfo(): ServerInfo {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    version: '?',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    today: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    tray: false,
  };
}

export function App() {
  const route = useHashRoute();
  const labelsDay = useRef<string | null>(null);
  if (route.tab === 'labels' && route.date) labelsDay.current = route.date;
  // The Training tab keeps its form and job view while hidden, once it has been shown; a
  // page opened on another tab does not build it (or ask its questions) before painting.
  const trainingSeen = useRef(false);
  if (route.tab === 'training') trainingSeen.current = true;
  const [infoLoad] = useLoad(() => takeEarly(INFO_KEY, api.info), [], () => takeSettled(INFO_KEY));
  const live = useLive();
  const info = infoLoad.state === 'ready' ? infoLoad.value : null;
  const usableInfo = info ?? (infoLoad.state === 'failed' ? browserInfo() : null);
  const timeZone = info?.timezone;

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header info={info} link={live.link} />
      <Tabs route={route} labelsDay={labelsDay.current} />
      <main id="main" class="main">
        {infoLoad.state === 'failed' && (
          <p class="note note-danger banner" role="alert">
            Could not read the server's settings ({errorText(infoLoad.error)}). Dates default to
            this browser's today.
          </p>
        )}
        <div
          id={panelId('training')}
          role="tabpanel"
          aria-labelledby={tabId('training')}
          hidden={route.tab !== 'training'}
        >
          {trainingSeen.current && <TrainingTab info={usableInfo} live={live} />}
        </div>
        <div
          id={panelId('labels')}
          role="tabpanel"
          aria-labelledby={tabId('labels')}
          hidden={route.tab !== 'labels'}
        >
          {route.tab === 'labels' && usableInfo && (
            <LabelsTab
              info={usableInfo}
              date={route.date ?? usableInfo.today}
              labelsVersion={live.labelsVersion}
              modelsVersion={live.modelsVersion}
            />
          )}
        </div>
        <div
          id={panelId('live')}
          role="tabpanel"
          aria-labelledby={tabId('live')}
          hidden={route.tab !== 'live'}
        >
          {route.tab === 'live' && usableInfo && <LiveTab info={usableInfo} live={live} />}
        </div>
        <div
          id={panelId('models')}
          role="tabpanel"
          aria-labelledby={tabId('models')}
          hidden={route.tab !== 'models'}
        >
          {route.tab === 'models' && route.modelId === null && (
            <ModelList version={live.modelsVersion} timeZone={timeZone} />
          )}
          {route.tab === 'models' && route.modelId !== null && (
            <ModelPage
              key={route.modelId}
              modelId={route.modelId}
              version={live.modelsVersion}
              onActivated={live.bumpModels}
              timeZone={timeZone}
              today={usableInfo?.today}
            />
          )}
        </div>
      </main>
    </>
  );
}
