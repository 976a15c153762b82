import { DAY_STATUS_TEXT, dayParts, dayTitle, formatCount } from '../format';
import type { DayCoverage } from '../types';

/** One cell per day of the range: date, status in words and icon (not colour alone), rows. */
export function DayStrip({ days }: { days: DayCoverage[] }) {
  if (days.length === 0) return null;
  return (
    <div class="daystrip-box">
      <ol class="daystrip" aria-label="Days in range" data-testid="day-strip">
        {days.map((day) => {
          const { weekday, day: short } = dayParts(day.date);
          const status = DAY_STATUS_TEXT[day.status] ?? { label: day.status, icon: '?' };
          return (
            <li
              key={day.date}
              class={`daycell day-${day.status}`}
              title={dayTitle(day.date, day.status, day.rows)}
              data-date={day.date}
              data-status={day.status}
            >
              <span class="daycell-top">
                <span class="daycell-weekday">{weekday}</span>
                <span class="daycell-icon" aria-hidden="true">
                  {status.icon}
                </span>
              </span>
              <span class="daycell-date">{short}</span>
              <span class="daycell-status">{status.label}</span>
              <span class="daycell-rows">{formatCount(day.rows)} rows</span>
            </li>
          );
        })}
      </ol>
      <DayLegend />
    </div>
  );
}

function DayLegend() {
  return (
    <ul class="daylegend" aria-label="Day status legend">
      {Object.entries(DAY_STATUS_TEXT).map(([status, text]) => (
        <li key={status} class={`legend-item day-${status}`}>
          <span class="legend-swatch" aria-hidden="true">
            {text.icon}
          </span>
          <span>
            <strong>{text.label}</strong> — {text.hint}
          </span>
        </li>
      ))}
    </ul>
  );
}
