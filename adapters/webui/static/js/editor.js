/*
 * The content editor's live preview: while the editor types, the Markdown body
 * is sent to the server, which answers the same sanitised HTML the site will
 * show. Without this file the preview shows the last saved body.
 */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    const body = document.getElementById('f-body');
    const preview = document.getElementById('body-preview');
    const token = document.querySelector('meta[name="csrf-token"]');
    if (!body || !preview || !token) return;
    let timer = null;
    function refresh() {
      const data = new URLSearchParams();
      data.set('body', body.value);
      fetch(preview.getAttribute('data-preview-url'), {
        method: 'POST', credentials: 'same-origin',
        headers: {'X-CSRF-Token': token.getAttribute('content'), 'Content-Type': 'application/x-www-form-urlencoded'},
        body: data.toString()
      }).then(function (res) {
        return res.ok ? res.text() : Promise.reject(res.status);
      }).then(function (html) {
        preview.innerHTML = html; // sanitised by the server (bluemonday)
      }).catch(function () { /* keep the last preview */ });
    }
    body.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
  });
})();
