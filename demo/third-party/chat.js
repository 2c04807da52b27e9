// An async chat widget.
(window.thirdPartyLog ||= []).push('chat');
document.dispatchEvent(new CustomEvent('demo-third-party', { detail: 'chat' }));
