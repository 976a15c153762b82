// Which features the importance chart shows. Pure.

export const TOP_FEATURES = 15;

/** The `count` features with the largest gain, largest first (ties by name). */
export function topFeatures(
  importance: Record<string, number>,
  count = TOP_FEATURES,
): [string, number][] {
  return Object.entries(importance)
    .filter(([, gain]) => typeof gain === 'number' && Number.isFinite(gain))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count);
}
