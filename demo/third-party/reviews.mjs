// A product-reviews widget shipped as a module script.
const name = new URL(import.meta.url).pathname.endsWith('/reviews.mjs') ? 'reviews-module' : 'reviews-module?';
(window.thirdPartyLog ||= []).push(name);
document.dispatchEvent(new CustomEvent('demo-third-party', { detail: name }));
