/*
 * 群发通知's progress: while the notice is being sent, the page asks its
 * progress (JSON) every two seconds and updates the counts; without this file
 * a reload shows the same counts.
 */
(function () {
  'use strict';

  // The page's language (the layouts set <html lang>): zh-CN or en.
  const english = (document.documentElement.lang || '').toLowerCase().indexOf('en') === 0;
  const text = english ? { done: 'Sending finished.' } : { done: '发送完成。' };

  function start(card) {
    const url = card.getAttribute('data-progress-url');
    const set = function (id, v) {
      const el = document.getElementById(id);
      if (el) el.textContent = String(v);
    };
    const tick = function () {
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) return;
          set('bulk-sent', p.sent);
          set('bulk-failed', p.failed);
          set('bulk-pending', p.pending);
          const bar = document.getElementById('bulk-bar');
          if (bar) bar.value = p.sent;
          if (p.done) {
            set('bulk-state', text.done);
            card.setAttribute('data-done', 'true');
            return;
          }
          window.setTimeout(tick, 2000);
        })
        .catch(function () { window.setTimeout(tick, 5000); });
    };
    tick();
  }

  document.addEventListener('DOMContentLoaded', function () {
    const card = document.getElementById('bulk-progress');
    if (card && card.getAttribute('data-done') !== 'true') start(card);
  });
})();
