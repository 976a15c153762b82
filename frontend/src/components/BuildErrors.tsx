import { useState } from 'preact/hooks';
import { fixForBuildError } from '../format';

const SHOWN_AT_FIRST = 4;

export function BuildErrors({ errors }: { errors: string[] }) {
  const [expanded, setExpanded] = useState(false);
  if (errors.length === 0) return null;
  const hiddenCount = expanded ? 0 : Math.max(0, errors.length - SHOWN_AT_FIRST);
  return (
    <div class="build-errors">
      <h3 class="minor-heading">
        {errors.length === 1 ? 'A day could not be built' : `${errors.length} days could not be built`}
      </h3>
      <ul data-testid="build-errors">
        {errors.map((entry, index) => (
          <li key={entry} class="build-error" hidden={index >= errors.length - hiddenCount}>
            <span class="build-error-text">{entry}</span>
            <span class="build-error-fix">
              <span class="fix-label">Fix:</span> {fixForBuildError(entry)}
            </span>
          </li>
        ))}
      </ul>
      {errors.length > SHOWN_AT_FIRST && (
        <button type="button" class="button button-quiet more-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show fewer' : `Show all ${errors.length}`}
        </button>
      )}
    </div>
  );
}
