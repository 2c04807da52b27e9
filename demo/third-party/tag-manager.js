// A tag-manager-style loader: once allowed, it injects further tags, the way a container does.
(() => {
  (window.thirdPartyLog ||= []).push('tag-manager');
  document.dispatchEvent(new CustomEvent('demo-third-party', { detail: 'tag-manager' }));
  const origin = new URL(document.currentScript.src).origin;
  const child = document.createElement('script');
  child.src = `${origin}/tag-manager-child.js`;
  document.head.append(child);
  // A marketing tag deployed through the container still waits for marketing consent.
  const marketingTag = document.createElement('script');
  marketingTag.type = 'text/plain';
  marketingTag.dataset.consent = 'marketing';
  marketingTag.src = `${origin}/tag-manager-marketing.js`;
  if (document.currentScript.nonce) marketingTag.nonce = document.currentScript.nonce;
  document.head.append(marketingTag);
})();
