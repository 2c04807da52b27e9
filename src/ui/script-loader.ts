/**
 * Runs a classic script next to Assent's own, with the same nonce, so a nonce-based
 * Content-Security-Policy that allowed Assent allows its parts too.
 */
export function loadClassicScript(url: string, nonce: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    if (nonce) script.nonce = nonce;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${url} did not load`));
    document.head.append(script);
  });
}
