// The arithmetic the SVG charts share: a round top for the value axis.

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (at least 1), so that halves stay readable. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * magnitude >= value)!;
  return step * magnitude;
}
