import { cellFill, cellTextColor, cellTitle, rowShares } from '../heatmap';
import { formatCount } from '../format';
import { useElementWidth } from '../hooks';

const CHAR_WIDTH = 7; // px per character of 12 px system-ui text, a safe over-estimate
const LABEL_GAP = 8;
const AXIS_TITLE = 22; // room for "True" / "Predicted"
const MAX_LABEL_CHARS = 18;

function shorten(label: string): string {
  return label.length > MAX_LABEL_CHARS ? `${label.slice(0, MAX_LABEL_CHARS - 1)}…` : label;
}

const MIN_CELL = 36;

/** Cells as big as the box allows (up to a size that suits the label count), never tiny. */
function cellSize(count: number, room: number): number {
  const largest = count <= 6 ? 60 : count <= 9 ? 52 : 44;
  return Math.max(MIN_CELL, Math.min(largest, Math.floor(room / Math.max(1, count))));
}

/** Big counts shrink so they stay inside their cell. */
function countFontSize(text: string, cell: number): number {
  const fits = Math.floor((cell - 8) / (text.length * 0.62));
  return Math.max(8, Math.min(13, fits));
}

interface Layout {
  cell: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

function layout(labels: string[], boxWidth: number): Layout {
  const longest = Math.max(4, ...labels.map((label) => shorten(label).length));
  const labelSpan = longest * CHAR_WIDTH;
  // Column labels run at 45° up and to the left, over the corner above the row labels.
  const diagonal = Math.ceil(labelSpan * Math.SQRT1_2);
  const left = AXIS_TITLE + labelSpan + LABEL_GAP;
  const top = AXIS_TITLE + diagonal + LABEL_GAP;
  const cell = cellSize(labels.length, boxWidth - left - 4);
  const grid = cell * labels.length;
  return { cell, left, top, width: left + grid + 4, height: top + grid + 4 };
}

/** Rows are true labels, columns predicted; colour is each row's share, text the count. */
export function ConfusionHeatmap({ labels, matrix }: { labels: string[]; matrix: number[][] }) {
  const [ref, boxWidth] = useElementWidth<HTMLDivElement>(640);
  const shares = rowShares(matrix);
  const { cell, left, top, width, height } = layout(labels, boxWidth);
  const ideal = layout(labels, Number.POSITIVE_INFINITY).width;
  const grid = cell * labels.length;
  // The box asks for the size at the largest cells; on a narrow screen it shrinks and scrolls.
  return (
    <div class="chart-box heatmap-box" ref={ref} style={{ flexBasis: `${ideal}px` }}>
      <svg
        class="heatmap"
        role="img"
        aria-label="Confusion matrix"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <text class="axis-title" x={left + grid / 2} y={14} text-anchor="middle">
          Predicted
        </text>
        <text
          class="axis-title"
          x={14}
          y={top + grid / 2}
          text-anchor="middle"
          transform={`rotate(-90 14 ${top + grid / 2})`}
        >
          True
        </text>
        {labels.map((label, index) => {
          const x = left + index * cell + cell / 2;
          const y = top - LABEL_GAP;
          return (
            <text
              key={`col-${label}`}
              class="axis-label"
              x={x}
              y={y}
              text-anchor="end"
              transform={`rotate(45 ${x} ${y})`}
            >
              <title>{`Predicted ${label}`}</title>
              {shorten(label)}
            </text>
          );
        })}
        {labels.map((label, row) => (
          <text
            key={`row-${label}`}
            class="axis-label"
            x={left - LABEL_GAP}
            y={top + row * cell + cell / 2}
            text-anchor="end"
            dominant-baseline="central"
          >
            <title>{`True ${label}`}</title>
            {shorten(label)}
          </text>
        ))}
        {labels.map((trueLabel, row) =>
          labels.map((predLabel, col) => {
            const count = matrix[row]?.[col] ?? 0;
            const share = shares[row]?.[col] ?? 0;
            const x = left + col * cell;
            const y = top + row * cell;
            return (
              <g key={`${row}-${col}`} class={row === col ? 'cell cell-diagonal' : 'cell'}>
                <title>{cellTitle(trueLabel, predLabel, count)}</title>
                <rect x={x + 1} y={y + 1} width={cell - 2} height={cell - 2} rx={3} fill={cellFill(share)} />
                <text
                  class="cell-count"
                  x={x + cell / 2}
                  y={y + cell / 2}
                  text-anchor="middle"
                  dominant-baseline="central"
                  fill={cellTextColor(share)}
                  font-size={countFontSize(formatCount(count), cell)}
                >
                  {formatCount(count)}
                </text>
              </g>
            );
          }),
        )}
      </svg>
      <p class="chart-note">
        Rows are the true labels, columns what the model predicted; colour shows each row's
        share, the number is minutes.
      </p>
    </div>
  );
}
