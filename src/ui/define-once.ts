/** Registers each tag that is not registered yet: a second copy of the script leaves the first in place. */
export function defineOnce(elements: Readonly<Record<string, CustomElementConstructor>>, registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(elements)) {
    if (!registry.get(tag)) registry.define(tag, element);
  }
}
