/*
 * Small progressive enhancements; every page works without this file.
 *
 * 全选 in the secretariat's queue ticks every member at once.
 *
 * Registration tabs (企业入会 / 个人入会): the tabs are links to ?kind=…, so they
 * work without JavaScript. With it, choosing a tab switches the form in place
 * (the hidden kind field, the title, the name placeholder and the progress bar,
 * whose 打印盖章并上传 step individuals skip) and the arrow keys move between
 * tabs, as the ARIA tabs pattern expects.
 */
(function () {
  'use strict';

  // showSteps shows the progress bar of a member kind: individuals skip the
  // steps marked data-enterprise-only; the numbers of the others follow.
  function showSteps(kindValue) {
    let n = 0;
    document.querySelectorAll('.steps__item').forEach(function (item) {
      if (item.hasAttribute('data-enterprise-only')) item.hidden = kindValue === 'individual';
      if (item.hidden) return;
      n += 1;
      const num = item.querySelector('.steps__num');
      if (num && !item.classList.contains('is-done')) num.textContent = String(n);
    });
  }

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
      showSteps(kind.value);
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

  // 全选: a checkbox with data-select-all="name" ticks or clears every checkbox of
  // that name in its form, and follows them (ticked when all are).
  function initSelectAll(all) {
    const form = all.form;
    const name = all.getAttribute('data-select-all');
    if (!form || !name) return;
    const boxes = Array.prototype.filter.call(form.elements, function (e) {
      return e.type === 'checkbox' && e.name === name;
    });
    function follow() {
      const n = boxes.filter(function (b) { return b.checked; }).length;
      all.checked = boxes.length > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
    }
    all.addEventListener('change', function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      follow();
    });
    boxes.forEach(function (b) { b.addEventListener('change', follow); });
    follow();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('[role="tablist"]'), initTabs);
    Array.prototype.forEach.call(document.querySelectorAll('input[data-select-all]'), initSelectAll);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
