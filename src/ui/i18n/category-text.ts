import type { CategoryConfig } from '../../core/types.js';
import type { Messages } from './en.js';

export interface CategoryText {
  readonly label: string;
  readonly description: string;
}

/** The shop's own words first, then the translated well-known text, then the name itself. */
export function categoryText(category: CategoryConfig, messages: Messages): CategoryText {
  const builtIn = Object.hasOwn(messages.categories, category.name)
    ? messages.categories[category.name as keyof Messages['categories']]
    : undefined;
  return {
    label: category.label ?? builtIn?.label ?? readableName(category.name),
    description: category.description ?? builtIn?.description ?? '',
  };
}

function readableName(name: string): string {
  const words = name.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
