/**
 * Resolves once the parser has passed the element's end tag, so its children are all there.
 * A script in `<head>` defines the elements, so they connect at their start tag, children unparsed.
 */
export function whenParsed(element: Element): Promise<void> {
  const document = element.ownerDocument;
  const parent = element.parentNode;
  if (document.readyState !== 'loading' || element.nextSibling || !parent) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      document.removeEventListener('DOMContentLoaded', done);
      resolve();
    };
    const observer = new MutationObserver(() => {
      if (element.nextSibling) done();
    });
    observer.observe(parent, { childList: true });
    document.addEventListener('DOMContentLoaded', done);
  });
}
