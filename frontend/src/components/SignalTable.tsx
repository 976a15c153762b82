import { hasDecoded, type SignalLine } from '../signals';

function Figure({ value, change }: { value: string; change: string | null }) {
  return (
    <>
      <span class="signal-value">{value}</span>
      {change && <span class={`signal-change${change.startsWith('−') ? ' signal-loss' : ''}`}>{change}</span>}
    </>
  );
}

/** Macro-F1 with every signal and without each group, the change beside each figure. */
export function SignalTable({ lines }: { lines: SignalLine[] }) {
  const decoded = hasDecoded(lines);
  return (
    <>
      <div class="table-box">
        <table class="table table-compact signal-table" aria-label="What each signal buys" data-testid="signal-table">
          <thead>
            <tr>
              <th scope="col">Signals</th>
              <th scope="col" class="num">Raw macro F1</th>
              {decoded && <th scope="col" class="num">Decoded</th>}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.key} data-signal={line.key}>
                <th scope="row">
                  {line.name}
                  <span class="muted small signal-meaning">{line.meaning}</span>
                </th>
                <td class="num">
                  <Figure value={line.raw} change={line.rawChange} />
                </td>
                {decoded && <td class="num">{line.decoded ? <Figure value={line.decoded} change={line.decodedChange} /> : '—'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted small signal-note">
        Each "without" row is a model fitted again on the same rows and rounds with that group of
        features left out, scored on the same held-back minutes. The change beside a figure is
        against all signals: a big drop is a signal the model leans on.
      </p>
    </>
  );
}
