export type ProgressTone = 'running' | 'complete' | 'failed' | 'cancelled';

/** A bar the screen reader announces as "Training progress", 0–100. */
export function ProgressBar({ pct, tone }: { pct: number; tone: ProgressTone }) {
  return (
    <div
      class={`progress progress-${tone}`}
      role="progressbar"
      aria-label="Training progress"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={`${pct}%`}
    >
      <div class="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
