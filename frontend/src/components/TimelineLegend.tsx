import { categoriesOf, categoryColour } from '../timeline/bands';
import type { ActivityRun } from '../timeline/spans';

/** What the Activity band's colours mean (colour plus text), and what the other bands are. */
export function TimelineLegend({ activity, hasModel }: { activity: ActivityRun[]; hasModel: boolean }) {
  const categories = categoriesOf(activity.map((run) => run.items[0]?.category));
  return (
    <div class="tl-legend">
      {categories.length > 0 ? (
        <ul class="tl-legend-list" aria-label="Activity colours">
          {categories.map((category) => (
            <li key={category}>
              <svg class="swatch" width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" rx="2" fill={categoryColour(category)} />
              </svg>
              {category}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">ActivityWatch recorded nothing on this day.</p>
      )}
      <p class="muted small">
        Activity: the app in front most of each minute (hover a band for its name). Labels: your
        spans, click one to edit it.{' '}
        {hasModel ? 'Model: what the active model predicts for each minute.' : 'No active model, so no Model band.'}
      </p>
    </div>
  );
}
