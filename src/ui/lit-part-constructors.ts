import { _$LH as litHtml } from 'lit/html.js';

export interface PartConstructors {
  readonly AttributePart: unknown;
  readonly PropertyPart: unknown;
  readonly BooleanAttributePart: unknown;
  readonly EventPart: unknown;
}

/**
 * Lit's attribute part classes from its internals: the production build shortens their names,
 * the development build keeps them.
 */
export function partConstructorsOf(internals: object): PartConstructors {
  const named = internals as Readonly<Record<string, unknown>>;
  const part = (production: string, development: string) => named[production] ?? named[development];
  return {
    AttributePart: part('H', '_AttributePart'),
    PropertyPart: part('B', '_PropertyPart'),
    BooleanAttributePart: part('N', '_BooleanAttributePart'),
    EventPart: part('U', '_EventPart'),
  };
}

/**
 * What templates prepared at build time (scripts/compile-lit-templates.ts) import from
 * `lit-html/private-ssr-support.js`, without that module's server-rendering helpers.
 */
export const _$LH = partConstructorsOf(litHtml);
