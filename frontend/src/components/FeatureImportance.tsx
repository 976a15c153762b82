import { formatGain } from '../format';
import { useElementWidth } from '../hooks';
import { topFeatures } from '../importance';

const ROW = 24;
const BAR = 14;
const VALUE_SPACE = 64;
const CHAR_WIDTH = 7.4; // 12 px monospace, with a little room

function fitText(text: string, width: number): string {
  const chars = Math.max(4, Math.floor(width / CHAR_WIDTH));
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

/** The top features by total gain, as horizontal bars sized to the box they are drawn in. */
export function FeatureImportance({ importance }: { importance: Record<string, number> }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(560);
  const rows = topFeatures(importance);
  if (rows.length === 0) {
    return <p class="empty-state">This bundle has no feature importance.</p>;
  }
  const svgWidth = Math.max(300, width);
  const nameWidth = Math.min(190, Math.round(svgWidth * 0.4));
  const barSpace = svgWidth - nameWidth - VALUE_SPACE - 12;
  const largest = Math.max(...rows.map(([, gain]) => gain), Number.MIN_VALUE);
  const height = rows.length * ROW + 4;
  return (
    <div class="chart-box" ref={ref}>
      <svg
        class="importance"
        role="img"
        aria-label="Feature importance"
        width={svgWidth}
        height={height}
        viewBox={`0 0 ${svgWidth} ${height}`}
      >
        {rows.map(([name, gain], index) => {
          const y = index * ROW + 2;
          const barWidth = Math.max(2, Math.round((Math.max(0, gain) / largest) * barSpace));
          const barX = nameWidth + 8;
          return (
            <g key={name} class="importance-row">
              <title>{`${name}: gain ${formatGain(gain)}`}</title>
              <text class="bar-name" x={nameWidth} y={y + ROW / 2} text-anchor="end" dominant-baseline="central">
                {fitText(name, nameWidth)}
              </text>
              <rect class="bar" x={barX} y={y + (ROW - BAR) / 2} width={barWidth} height={BAR} rx={3} />
              <text class="bar-value" x={barX + barWidth + 6} y={y + ROW / 2} dominant-baseline="central">
                {formatGain(gain)}
              </text>
            </g>
          );
        })}
      </svg>
      <p class="chart-note">Top {rows.length} features by total gain (how much each one's splits reduced the loss).</p>
    </div>
  );
}
