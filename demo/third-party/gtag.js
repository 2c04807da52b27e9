// A gtag.js-style analytics library: defines the queue the inline configuration calls.
window.dataLayer = window.dataLayer || [];
window.gtag = window.gtag || function gtag() {
  window.dataLayer.push(arguments);
};
window.gtagLibraryLoaded = true;
(window.thirdPartyLog ||= []).push('gtag.js');
document.dispatchEvent(new CustomEvent('demo-third-party', { detail: 'gtag.js' }));
