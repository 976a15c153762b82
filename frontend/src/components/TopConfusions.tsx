import { cellTitle } from '../heatmap';
import type { ConfusionPair } from '../types';

export function TopConfusions({ pairs }: { pairs: ConfusionPair[] }) {
  if (pairs.length === 0) {
    return (
      <p class="empty-state" data-testid="top-confusions">
        No confusions
      </p>
    );
  }
  return (
    <ol class="confusions" data-testid="top-confusions" aria-labelledby="top-confusions-heading">
      {pairs.map((pair) => (
        <li key={`${pair.true_label}->${pair.pred_label}`}>
          {cellTitle(pair.true_label, pair.pred_label, pair.count)}
        </li>
      ))}
    </ol>
  );
}
