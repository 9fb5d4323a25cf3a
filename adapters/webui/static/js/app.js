/*
 * Small progressive enhancements; every page works without this file.
 *
 * Registration tabs (企业入会 / 个人入会): the tabs are links to ?kind=…, so they
 * work without JavaScript. With it, choosing a tab switches the form in place
 * (the hidden kind field, the title and the name placeholder) and the arrow keys
 * move between tabs, as the ARIA tabs pattern expects.
 */
(function () {
  'use strict';

  function initTabs(list) {
    const tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
    const kind = document.querySelector('[data-register-kind]');
    const title = document.querySelector('[data-register-title]');
    const name = document.getElementById('f-name');
    const panel = document.getElementById('register-panel');
    if (!tabs.length || !kind) return;

    function select(tab, focus) {
      tabs.forEach(function (t) {
        const on = t === tab;
        t.setAttribute('aria-selected', String(on));
        t.setAttribute('tabindex', on ? '0' : '-1');
      });
      kind.value = tab.getAttribute('data-kind');
      if (title) title.textContent = tab.getAttribute('data-title');
      if (name) name.setAttribute('placeholder', tab.getAttribute('data-name-placeholder'));
      if (panel) panel.setAttribute('aria-labelledby', tab.id);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, '', tab.getAttribute('href'));
      }
      if (focus) tab.focus();
    }

    tabs.forEach(function (tab, i) {
      tab.setAttribute('tabindex', tab.getAttribute('aria-selected') === 'true' ? '0' : '-1');
      tab.addEventListener('click', function (e) {
        e.preventDefault();
        select(tab, false);
      });
      tab.addEventListener('keydown', function (e) {
        let next = null;
        if (e.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
        else if (e.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
        else if (e.key === 'Home') next = tabs[0];
        else if (e.key === 'End') next = tabs[tabs.length - 1];
        else if (e.key === ' ' || e.key === 'Enter') next = tab;
        if (next) {
          e.preventDefault();
          select(next, true);
        }
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('[role="tablist"]'), initTabs);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
