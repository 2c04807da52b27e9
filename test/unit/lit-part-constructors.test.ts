import { expect } from '@open-wc/testing';
import { _$LH as developmentSsr } from 'lit-html/private-ssr-support.js';
import { _$LH as developmentInternals } from 'lit/html.js';
import { _$LH as productionSsr } from '../../node_modules/lit-html/private-ssr-support.js';
import { _$LH as productionInternals } from '../../node_modules/lit-html/lit-html.js';
import { partConstructorsOf, type PartConstructors } from '../../src/ui/lit-part-constructors.js';

/** What the build's prepared templates need from `lit-html/private-ssr-support.js`. */
const expectedFrom = (ssr: Readonly<Record<keyof PartConstructors, unknown>>) => ({
  AttributePart: ssr.AttributePart,
  PropertyPart: ssr.PropertyPart,
  BooleanAttributePart: ssr.BooleanAttributePart,
  EventPart: ssr.EventPart,
});

describe('build: Lit part classes for templates prepared at build time', () => {
  it("are the production build's own, as its server-rendering support gives them", () => {
    const found = partConstructorsOf(productionInternals);
    expect(found).to.deep.equal(expectedFrom(productionSsr));
    for (const constructor of Object.values(found)) expect(constructor).to.be.a('function');
  });

  it("are the development build's own, for the tests' builds", () => {
    const found = partConstructorsOf(developmentInternals);
    expect(found).to.deep.equal(expectedFrom(developmentSsr));
    for (const constructor of Object.values(found)) expect(constructor).to.be.a('function');
  });
});
