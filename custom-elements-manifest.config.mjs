// custom-elements.json: Assent's public elements, documented from their JSDoc.
export default {
  globs: ['src/ui/**/*.ts'],
  exclude: ['src/ui/**/*.styles.ts'],
  litelement: true,
  plugins: [
    {
      // The analyzer also guesses events from constructor arguments (`new AssentDecisionRequestEvent('accept-all')`);
      // only the `@fires` names are events.
      name: 'assent-documented-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name?.startsWith('assent-'));
          }
        }
      },
    },
  ],
};
