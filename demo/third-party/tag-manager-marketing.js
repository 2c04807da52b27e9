// A marketing tag the tag manager injected as a gated script.
(window.thirdPartyLog ||= []).push('tag-manager:marketing');
document.dispatchEvent(new CustomEvent('demo-third-party', { detail: 'tag-manager:marketing' }));
