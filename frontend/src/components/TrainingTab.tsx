import { useEffect, useRef, useState } from 'preact/hooks';
import { addDays } from '../format';
import type { Live } from '../live';
import type { DateRange } from '../state/readiness';
import type { ServerInfo } from '../types';
import { useDataCheck } from '../useDataCheck';
import { DataReadiness } from './DataReadiness';
import { ProgressPanel } from './ProgressPanel';
import { ResultPanel } from './ResultPanel';
import { TrainForm } from './TrainForm';

/** The last 14 days ending on the server's today. */
export function defaultRange(today: string): DateRange {
  return { from: addDays(today, -13), to: today };
}

export function TrainingTab({ info, live }: { info: ServerInfo | null; live: Live }) {
  const [dates, setDates] = useState<DateRange>({ from: '', to: '' });
  const [datesSet, setDatesSet] = useState(false);
  // Read by the effect below at the time it runs: a date typed between the settings' arrival
  // and the effect (a slow page) must not be overwritten by the default.
  const typed = useRef(false);
  const readiness = useDataCheck(dates, live.labelsVersion);
  const { job, dispatch } = live;

  useEffect(() => {
    if (info && !typed.current && !datesSet) {
      setDates(defaultRange(info.today));
      setDatesSet(true);
    }
  }, [info, datesSet]);

  const onDatesChange = (next: DateRange) => {
    typed.current = true;
    setDatesSet(true);
    setDates(next);
  };

  return (
    <div class="training-grid">
      <DataReadiness
        dates={dates}
        onDatesChange={onDatesChange}
        readiness={readiness}
        ready={datesSet}
      />
      <TrainForm
        dates={dates}
        check={readiness.check}
        preparing={readiness.preparing}
        jobRunning={job.status === 'running'}
        dispatch={dispatch}
      />
      <div class="training-side">
        <ProgressPanel job={job} dispatch={dispatch} timeZone={info?.timezone} />
        <ResultPanel job={job} />
      </div>
    </div>
  );
}
