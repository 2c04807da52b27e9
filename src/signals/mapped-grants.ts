import type { CategoryConfig, Config } from '../core/types.js';

/**
 * Whether a signal that categories map (Consent Mode's `gcm`, the vendors' `signals`) is granted:
 * some configured category maps it, and every one that does is granted.
 */
export function grantedByEvery(config: Config, grants: Readonly<Record<string, boolean>>, maps: (category: CategoryConfig) => boolean): boolean {
  const mappedBy = config.categories.filter(maps);
  return mappedBy.length > 0 && mappedBy.every((category) => grants[category.name] === true);
}
