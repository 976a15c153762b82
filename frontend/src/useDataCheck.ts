// Prepare Data: run the data check for the chosen dates and remember the last answer.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api';
import { checkMatchesDates, type DateRange } from './state/readiness';
import type { DataCheck } from './types';

export interface DataCheckState {
  check: DataCheck | null;
  preparing: boolean;
  error: unknown;
  /** Why the shown check may no longer describe the data, or null while it still does. */
  staleReason: string | null;
  prepare: () => Promise<void>;
}

export function useDataCheck(dates: DateRange, labelsVersion: number): DataCheckState {
  const [check, setCheck] = useState<DataCheck | null>(null);
  const [preparing, setPreparing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [labelsChanged, setLabelsChanged] = useState(false);
  const labelsAtCheck = useRef(labelsVersion);
  const latestLabels = useRef(labelsVersion);
  latestLabels.current = labelsVersion;

  useEffect(() => {
    if (labelsVersion !== labelsAtCheck.current) setLabelsChanged(true);
  }, [labelsVersion]);

  const prepare = async () => {
    setPreparing(true);
    setError(null);
    labelsAtCheck.current = labelsVersion;
    try {
      const answer = await api.dataCheck(dates.from, dates.to);
      setCheck(answer);
      // Labels that changed while the check ran may not be in its answer.
      setLabelsChanged(labelsAtCheck.current !== latestLabels.current);
    } catch (failure) {
      setError(failure);
    } finally {
      setPreparing(false);
    }
  };

  let staleReason: string | null = null;
  if (check && !checkMatchesDates(check, dates)) staleReason = 'Dates changed — prepare data again';
  else if (check && labelsChanged) staleReason = 'Labels changed — prepare data again';

  return { check, preparing, error, staleReason, prepare };
}
