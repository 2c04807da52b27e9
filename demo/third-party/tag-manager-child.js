// A tag the tag manager injected.
(window.thirdPartyLog ||= []).push('tag-manager:child');
document.dispatchEvent(new CustomEvent('demo-third-party', { detail: 'tag-manager:child' }));
