// 导入老会员: the batch page's progress bar follows the import by polling
// its JSON progress (the page can be reloaded at any time: the progress is
// stored). When the import ends, the page reloads to show its members. The
// words it shows (status_label, error) come in the page's language from the
// server (the request carries the page's lang cookie and Accept-Language),
// so the script itself has none to pick by document.documentElement.lang.
(function () {
  'use strict';
  var box = document.querySelector('.import-progress[data-running]');
  if (!box) { return; }
  var url = box.getAttribute('data-progress-url');
  var bar = box.querySelector('progress');
  function show(p) {
    bar.value = p.percent;
    bar.textContent = p.percent + '%';
    Object.keys(p).forEach(function (k) {
      var el = box.querySelector('[data-field="' + k + '"]');
      if (el) { el.textContent = p[k]; }
    });
  }
  function poll() {
    fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (p) {
        show(p);
        if (p.status === 'running') { setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
