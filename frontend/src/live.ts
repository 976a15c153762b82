// The page's live view of the server: the job (reducer), the socket's state, and counters
// that tell other parts to refresh (models list) or to call the data check stale (labels).

import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { api } from './api';
import { IDLE_JOB, isJobEvent, jobReducer, type JobAction, type JobView } from './state/job';
import { eventKey } from './state/readiness';
import {
  isPrediction,
  NO_SUGGESTION,
  suggestionReducer,
  type SuggestionAction,
  type SuggestionView,
} from './state/suggestion';
import type { EventSnapshot, ServerEvent } from './types';
import { connectLive, type LinkState } from './ws';

export interface Live {
  job: JobView;
  dispatch: (action: JobAction) => void;
  link: LinkState;
  /** Goes up whenever the list of models may have changed. */
  modelsVersion: number;
  bumpModels: () => void;
  /** Goes up whenever labels changed on the server. */
  labelsVersion: number;
  /** The tray's suggestions as they stream in. */
  suggestion: SuggestionView;
  suggest: (action: SuggestionAction) => void;
}

/** The tray's events → the suggestion reducer's actions. */
function suggestionAction(event: ServerEvent): SuggestionAction | null {
  if (isPrediction(event)) return { type: 'prediction', event };
  if (event.type === 'prediction_error') {
    const error = (event as { error?: unknown }).error;
    return { type: 'prediction_error', error: typeof error === 'string' ? error : 'The tray could not predict.' };
  }
  if (event.type === 'model_loaded') return { type: 'model_loaded' };
  return null;
}

const MODEL_EVENTS = ['train_complete', 'model_loaded'];

function useCounter(): [number, () => void] {
  const [count, setCount] = useState(0);
  const bump = useCallback(() => setCount((n) => n + 1), []);
  return [count, bump];
}

export function useLive(): Live {
  const [job, dispatch] = useReducer(jobReducer, IDLE_JOB);
  const [link, setLink] = useState<LinkState>('connecting');
  const [modelsVersion, bumpModels] = useCounter();
  const [labelsVersion, bumpLabels] = useCounter();
  const [suggestion, suggest] = useReducer(suggestionReducer, NO_SUGGESTION);
  const seen = useRef(new Map<string, string | null>());
  const baselined = useRef(false);
  const shownJobId = useRef<string | null>(null);
  shownJobId.current = job.jobId;

  useEffect(() => {
    let alive = true;
    // Remember the last event of each kind seen, so a catch-up only reacts to new ones.
    const isNew = (type: string, event: unknown) => {
      const key = eventKey(event);
      if (key === null || key === seen.current.get(type)) return false;
      seen.current.set(type, key);
      return true;
    };
    const react = (type: string) => {
      if (type === 'labels_changed') bumpLabels();
      if (MODEL_EVENTS.includes(type)) bumpModels();
    };
    const noteSnapshot = (snapshot: EventSnapshot) => {
      for (const type of ['labels_changed', ...MODEL_EVENTS]) {
        if (isNew(type, snapshot[type]) && baselined.current) react(type);
      }
      baselined.current = true;
      const latest = snapshot.prediction;
      if (latest && isPrediction(latest)) suggest({ type: 'prediction', event: latest });
    };
    // A job this page has not seen (started elsewhere): its status has the start time.
    const refreshStatus = () =>
      api.jobStatus().then((state) => alive && dispatch({ type: 'status', state }), () => undefined);
    const onEvent = (event: ServerEvent) => {
      if (isJobEvent(event) && event.job_id !== shownJobId.current) {
        shownJobId.current = event.job_id;
        void refreshStatus();
      }
      dispatch({ type: 'event', event });
      const action = suggestionAction(event);
      if (action) suggest(action);
      isNew(event.type, event);
      react(event.type);
    };
    const catchUp = async () => {
      try {
        const [state, snapshot] = await Promise.all([api.jobStatus(), api.snapshot()]);
        if (!alive) return;
        dispatch({ type: 'catch_up', state, snapshot });
        noteSnapshot(snapshot);
      } catch {
        // The server is away; the socket's next successful open catches up again.
      }
    };
    const stop = connectLive({ onEvent, onOpen: catchUp, onLinkState: setLink });
    void catchUp();
    return () => {
      alive = false;
      stop();
    };
  }, []);

  return { job, dispatch, link, modelsVersion, bumpModels, labelsVersion, suggestion, suggest };
}
