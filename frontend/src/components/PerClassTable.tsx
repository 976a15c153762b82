import { formatCount, formatF1 } from '../format';
import type { PerClassMetrics } from '../types';

export function PerClassTable({ labels, perClass }: {
  labels: string[];
  perClass: Record<string, PerClassMetrics>;
}) {
  const names = labels.length ? labels : Object.keys(perClass);
  return (
    <div class="table-box">
      <table class="table table-compact" aria-label="Per-class metrics">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col" class="num">Precision</th>
            <th scope="col" class="num">Recall</th>
            <th scope="col" class="num">F1</th>
            <th scope="col" class="num">Support</th>
          </tr>
        </thead>
        <tbody>
          {names.map((label) => {
            const row = perClass[label];
            return (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td class="num">{formatF1(row?.precision)}</td>
                <td class="num">{formatF1(row?.recall)}</td>
                <td class="num">
                  <span class="f1-cell">
                    <span class="f1-bar" aria-hidden="true">
                      <span class="f1-fill" style={{ width: `${Math.round((row?.f1 ?? 0) * 100)}%` }} />
                    </span>
                    {formatF1(row?.f1)}
                  </span>
                </td>
                <td class="num">{formatCount(row?.support)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
