import { fixForBuildError } from '../format';

export function BuildErrors({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="build-errors">
      <h3 class="minor-heading">
        {errors.length === 1 ? 'A day could not be built' : `${errors.length} days could not be built`}
      </h3>
      <ul data-testid="build-errors">
        {errors.map((entry) => (
          <li key={entry} class="build-error">
            <span class="build-error-text">{entry}</span>
            <span class="build-error-fix">
              <span class="fix-label">Fix:</span> {fixForBuildError(entry)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
