import { addDays, dayParts } from '../format';
import { isIsoDate } from '../zone';

/** Previous day / a date box / next day. */
export function DayPicker({ date, today, onDate }: { date: string; today: string; onDate: (date: string) => void }) {
  const { weekday } = dayParts(date);
  return (
    <div class="day-picker">
      <button type="button" class="button button-secondary" onClick={() => onDate(addDays(date, -1))}>
        <span aria-hidden="true">‹</span> Previous day
      </button>
      <div class="field field-inline">
        <label for="labels-date">Day</label>
        <input
          id="labels-date"
          type="date"
          value={date}
          max="9999-12-31"
          onChange={(e) => isIsoDate(e.currentTarget.value) && onDate(e.currentTarget.value)}
        />
        <span class="muted day-weekday" aria-hidden="true">
          {weekday}
        </span>
      </div>
      <button type="button" class="button button-secondary" onClick={() => onDate(addDays(date, 1))}>
        Next day <span aria-hidden="true">›</span>
      </button>
      {date !== today && (
        <button type="button" class="button button-quiet" onClick={() => onDate(today)}>
          Today
        </button>
      )}
    </div>
  );
}
