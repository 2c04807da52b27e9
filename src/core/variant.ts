/** Where the variant picked for this browser is kept (docs/attributes.md#variants). */
export const VARIANT_KEY = 'assent-variant';

/**
 * The variant this browser shows, of the page's `variants`: the one kept from an earlier page when
 * it is still offered, else one picked at random and kept. Without usable storage the pick holds
 * for this page only.
 */
export function keptVariant(variants: readonly string[], storage: () => Storage = () => localStorage, random: () => number = Math.random): string {
  let kept: string | null = null;
  try {
    kept = storage().getItem(VARIANT_KEY);
  } catch {
    // storage blocked: pick for this page
  }
  if (kept !== null && variants.includes(kept)) return kept;
  const picked = variants[Math.floor(random() * variants.length)]!;
  try {
    storage().setItem(VARIANT_KEY, picked);
  } catch {
    // storage blocked or full: the pick holds for this page
  }
  return picked;
}
