// Follows a background job (core/jobs.py): polls its JSON status and updates the progress bar,
// then shows the download link (or the failure message) when it ends.
(function () {
  "use strict";
  var POLL_MS = 1500;

  function follow(box) {
    var url = box.getAttribute("data-status-url");
    var bar = box.querySelector(".progress");
    var fill = box.querySelector(".progress-bar");
    var statusText = box.querySelector(".background-job-status");
    var count = box.querySelector(".background-job-count");
    var download = box.querySelector(".background-job-download");
    var failed = box.querySelector(".background-job-failed");

    function show(data) {
      box.setAttribute("data-status", data.status);
      statusText.textContent = data.status_display;
      count.textContent = "(" + data.done + "/" + data.total + ")";
      bar.setAttribute("aria-valuenow", data.percent);
      fill.style.width = data.percent + "%";
      fill.textContent = data.percent + "%";
      if (data.status === "done") {
        download.href = data.download_url;
        download.classList.remove("d-none");
      }
      if (data.status === "failed") {
        failed.classList.remove("d-none");
      }
      return data.status === "done" || data.status === "failed";
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (!show(data)) { window.setTimeout(poll, POLL_MS); } })
        .catch(function () { window.setTimeout(poll, POLL_MS * 4); });
    }

    var status = box.getAttribute("data-status");
    if (status !== "done" && status !== "failed") {
      poll();
    }
  }

  document.querySelectorAll(".background-job[data-status-url]").forEach(follow);
})();
