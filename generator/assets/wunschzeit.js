/* Wunschzeit: a jump link on a page with its own <video> seeks that video instead of leaving.
   Links carry the second in data-wz-seek. Works with Material's instant navigation, which
   swaps pages without a reload (document$ emits once per page), and without it. */
(function () {
  "use strict";

  function seek(event) {
    var link = event.target.closest ? event.target.closest("a[data-wz-seek]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var video = document.querySelector("video.wz-video");
    var seconds = parseInt(link.getAttribute("data-wz-seek"), 10);
    if (!video || isNaN(seconds)) {
      return;
    }
    event.preventDefault();
    video.currentTime = seconds;
    video.scrollIntoView({ behavior: "smooth", block: "center" });
    var playing = video.play();
    if (playing && playing.catch) {
      playing.catch(function () {});
    }
  }

  function setup() {
    // One listener on the document survives instant navigation; guard against adding twice.
    if (document.documentElement.getAttribute("data-wz-ready") === "1") {
      return;
    }
    document.documentElement.setAttribute("data-wz-ready", "1");
    document.addEventListener("click", seek);
  }

  // The listener sits on the document, which instant navigation keeps, so setting up once is
  // enough; document$ is also subscribed in case a later Material replaces the document.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  }
})();
