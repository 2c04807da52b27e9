// An advertising pixel: sets its cookies on the shop's site, one on the parent domain (as
// _fbp is) and one on the host, as real pixels do.
(() => {
  const host = location.hostname;
  const parent = /^[\d.]+$|^\[|^[^.]+$/.test(host) ? '' : `; domain=${host.split('.').slice(-2).join('.')}`;
  document.cookie = `_fbp=fb.1.${Date.now()}.1234567890; path=/; max-age=7776000${parent}`;
  document.cookie = `_gcl_au=1.1.1234567890.${Math.floor(Date.now() / 1000)}; path=/; max-age=7776000`;
  localStorage.setItem('_gcl_ls', 'demo');
  (window.thirdPartyLog ||= []).push('pixel');
  document.dispatchEvent(new CustomEvent('demo-third-party', { detail: 'pixel' }));
})();
