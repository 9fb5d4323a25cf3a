// 导出任务: while a job is queued or running (data-poll on the card), the page
// fetches itself every few seconds and swaps the card in, so that the progress
// follows the real work and 下载 appears when the file is ready. The page is
// fetched with the browser's cookies and Accept-Language, so it comes back in
// the page's language (document.documentElement.lang): no words live here.
(function () {
  "use strict";
  function poll() {
    var card = document.getElementById("export-jobs");
    if (!card || !card.dataset.poll) {
      return;
    }
    window.setTimeout(function () {
      fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById("export-jobs");
          if (fresh) {
            card.replaceWith(fresh);
          }
          poll();
        })
        .catch(function () { poll(); });
    }, parseInt(card.dataset.poll, 10) || 3000);
  }
  document.addEventListener("DOMContentLoaded", poll);
})();
