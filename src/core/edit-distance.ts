/**
 * How many single-character edits turn `a` into `b`: insertions, deletions, substitutions, and
 * swaps of two neighbours (the commonest typo: `consnet`), each counting one.
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, beforePrevious[j - 2]! + 1);
      current[j] = distance;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The known name that `word` was most likely meant to be: the nearest within one edit per four
 * characters (at least one, at most two), else the one sharing the longest start of four or more
 * characters (`privacy-link` → `privacy-url`); undefined when none is close.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(word, candidate);
    if (distance > 0 && distance <= Math.min(2, Math.max(1, candidate.length >> 2)) && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best) return best;
  let longest = 3;
  for (const candidate of known) {
    const shared = sharedStart(word, candidate);
    if (candidate !== word && shared > longest) {
      best = candidate;
      longest = shared;
    }
  }
  return best;
}

function sharedStart(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length++;
  return length;
}
