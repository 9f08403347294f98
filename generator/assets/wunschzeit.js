/* Wunschzeit: the consent-first player, jump links that seek it in place, deep links
   (`?t=272#q-id`), the highlight of the answer that is playing, and the privacy page.

   Nothing is requested from a video platform before the reader clicks "load video": the page
   holds only a placeholder ([data-wz-player]) with the platform's privacy-mode embed URL in
   data-wz-embed. Consent is remembered per platform in localStorage. Players are driven by
   postMessage only (no platform script is loaded). Every UI string comes from data-wz-*
   attributes rendered into the page. Works with Material's instant navigation: document$
   emits once per page; the click and message listeners sit on document/window once. */
(function () {
  "use strict";

  var KEY = "wunschzeit.consent.";
  var page = null; // the current page's player state, or null when it has none
  var requests = 0; // ids of requests to PeerTube's embed

  function store() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage disabled: consent then lasts for the page only
    }
  }

  function hasConsent(key) {
    var storage = store();
    return !!storage && storage.getItem(KEY + key) === "1";
  }

  function remember(key) {
    var storage = store();
    if (storage) {
      storage.setItem(KEY + key, "1");
    }
  }

  function fill(template, seconds) {
    return (template || "").replace("{time}", clock(seconds));
  }

  function clock(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = Math.floor(seconds % 60);
    var mm = h ? (m < 10 ? "0" : "") + m : String(m);
    return (h ? h + ":" : "") + mm + ":" + (s < 10 ? "0" : "") + s;
  }

  /* The second a shared link asks for: `?t=272`, `?t=4:32` or `?t=4m32s`. */
  function linkedSecond() {
    var value = new URLSearchParams(window.location.search).get("t");
    if (!value) {
      return null;
    }
    var parts = value.match(/^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/);
    if (parts && parts[0]) {
      return (+(parts[1] || 0)) * 3600 + (+(parts[2] || 0)) * 60 + (+(parts[3] || 0));
    }
    var clockParts = value.split(":").map(Number);
    if (clockParts.some(isNaN)) {
      return null;
    }
    return clockParts.reduce(function (total, part) { return total * 60 + part; }, 0);
  }

  /* Answers at a glance: [{item, start, end}] in answer order, to highlight what plays. */
  function readAnswers() {
    var items = document.querySelectorAll("#answers + ul > li");
    var answers = [];
    Array.prototype.forEach.call(items, function (item) {
      var jump = item.querySelector("a[data-wz-seek]");
      var end = item.querySelector("[data-wz-end]");
      if (jump) {
        answers.push({
          item: item,
          start: parseInt(jump.getAttribute("data-wz-seek"), 10),
          end: end ? parseInt(end.getAttribute("data-wz-end"), 10) : null,
        });
      }
    });
    answers.forEach(function (answer, index) {
      if (answer.end === null) {
        var next = answers[index + 1];
        answer.end = next ? next.start : Infinity;
      }
    });
    return answers;
  }

  function highlight(seconds) {
    if (!page) {
      return;
    }
    var playing = null;
    page.answers.forEach(function (answer) {
      if (seconds >= answer.start && seconds < answer.end) {
        playing = answer;
      }
    });
    if (playing === page.playing) {
      return;
    }
    if (page.playing) {
      page.playing.item.classList.remove("wz-playing");
      page.playing.item.removeAttribute("aria-current");
    }
    page.playing = playing;
    if (playing) {
      playing.item.classList.add("wz-playing");
      playing.item.setAttribute("aria-current", "time");
    }
  }

  /* A shared link's question: marked until the reader goes elsewhere. */
  function markQuestion(seconds) {
    var id = window.location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (error) {
      // a malformed escape: look the fragment up as it is
    }
    var heading = id ? document.getElementById(id) : null;
    if (heading) {
      heading.classList.add("wz-current");
    }
    highlight(seconds);
  }

  /* ---- self-hosted <video> ---- */

  function setupVideo(root, start) {
    var video = root.querySelector("video");
    page.video = video;
    video.addEventListener("timeupdate", function () {
      if (page && page.video === video) {
        highlight(video.currentTime);
      }
    });
    if (start !== null) {
      positionVideo(video, start);
    }
  }

  function positionVideo(video, seconds) {
    if (video.readyState >= 1) {
      video.currentTime = seconds;
      return;
    }
    video.addEventListener("loadedmetadata", function () {
      video.currentTime = seconds;
    }, { once: true });
    if (video.preload === "none") {
      video.load();
    }
  }

  /* ---- embedded platform players ---- */

  /* One adapter per `Platform.seek` in generator/recordings/platforms.py: how to start the
     privacy-mode player at a second (`url`), greet it, seek it and read its messages. */
  var EMBEDS = {
    youtube: {
      url: function (url, seconds, autoplay) {
        url.searchParams.set("start", String(seconds));
        url.searchParams.set("origin", window.location.origin);
        url.searchParams.set("autoplay", autoplay ? "1" : "0");
      },
      // The player answers only after it was told someone listens; repeat until it does.
      hello: function () { return { event: "listening", id: 1, channel: "widget" }; },
      seek: function (seconds) {
        return [
          { event: "command", func: "seekTo", args: [seconds, true], id: 1, channel: "widget" },
          { event: "command", func: "playVideo", args: [], id: 1, channel: "widget" },
        ];
      },
      receive: function (data) {
        var info = data && data.info;
        var ready = !!data && (data.event === "onReady" || data.event === "infoDelivery");
        return { ready: ready, time: info && typeof info.currentTime === "number" ? info.currentTime : null };
      },
    },
    vimeo: {
      url: function (url, seconds, autoplay) {
        url.searchParams.set("autoplay", autoplay ? "1" : "0");
        url.hash = "t=" + seconds + "s";
      },
      hello: null,
      seek: function (seconds) {
        return [{ method: "setCurrentTime", value: seconds }, { method: "play" }];
      },
      receive: function (data, post) {
        if (data && data.event === "ready") {
          post({ method: "addEventListener", value: "timeupdate" });
          return { ready: true, time: null };
        }
        var time = data && data.data && typeof data.data.seconds === "number" ? data.data.seconds : null;
        return { ready: false, time: time };
      },
    },
    peertube: {
      url: function (url, seconds, autoplay) {
        url.searchParams.set("start", String(seconds));
        url.searchParams.set("autoplay", autoplay ? "1" : "0");
      },
      hello: null,
      // jschannel requests carry an id of their own; the embed answers each by it.
      seek: function (seconds) {
        return [
          { id: ++requests, method: "peertube::seek", params: seconds },
          { id: ++requests, method: "peertube::play" },
        ];
      },
      // PeerTube's embed speaks jschannel: it pings, we pong, then it reports its position.
      receive: function (data, post) {
        if (data && data.method === "peertube::__ready" && data.params === "ping") {
          post({ method: "peertube::__ready", params: "pong" });
          return { ready: true, time: null };
        }
        var status = data && data.method === "peertube::playbackStatusUpdate" ? data.params : null;
        return { ready: false, time: status && typeof status.position === "number" ? status.position : null };
      },
    },
  };

  function setupEmbed(root, start) {
    var button = root.querySelector(".wz-load");
    page.embed = EMBEDS[root.getAttribute("data-wz-player")];
    page.pending = start;
    if (!page.embed || !button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      remember(root.getAttribute("data-wz-consent-key"));
      load(true);
    });
    if (hasConsent(root.getAttribute("data-wz-consent-key"))) {
      load(false);
    } else if (start !== null) {
      showStart(start, root.getAttribute("data-wz-starts-at"));
    }
  }

  function showStart(seconds, template) {
    var label = page.root.querySelector(".wz-load__label");
    label.textContent = fill(page.root.getAttribute("data-wz-load-at"), seconds);
    page.root.querySelector(".wz-consent__note").textContent = fill(template, seconds);
  }

  function load(autoplay) {
    var root = page.root;
    var seconds = page.pending || 0;
    var url = new URL(root.getAttribute("data-wz-embed"));
    page.embed.url(url, seconds, autoplay);
    page.origin = url.origin;
    var frame = document.createElement("iframe");
    frame.className = "wz-frame";
    frame.src = url.href;
    frame.title = root.getAttribute("data-wz-frame-title");
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.addEventListener("load", function () { greet(frame); });
    page.frame = frame;
    page.ready = false;
    page.heard = false;
    page.pending = null;
    var consent = root.querySelector(".wz-consent");
    consent.replaceWith(frame);
    root.classList.add("wz-player--loaded");
    Array.prototype.forEach.call(root.querySelectorAll(".wz-consent__info, .wz-consent__note"), function (element) {
      element.hidden = true;
    });
    if (autoplay) {
      frame.focus();
    }
  }

  function greet(frame) {
    var state = page;
    if (!state || state.frame !== frame || !state.embed.hello) {
      return;
    }
    var tries = 0;
    clearInterval(state.greeting);
    state.greeting = setInterval(function () {
      if (page !== state || state.heard || ++tries > 40) {
        clearInterval(state.greeting);
        return;
      }
      post(state.embed.hello());
    }, 250);
    post(state.embed.hello());
  }

  function post(message) {
    if (page && page.frame && page.frame.contentWindow) {
      page.frame.contentWindow.postMessage(JSON.stringify(message), page.origin);
    }
  }

  function onMessage(event) {
    if (!page || !page.frame || event.source !== page.frame.contentWindow || event.origin !== page.origin) {
      return;
    }
    var data = event.data;
    if (typeof data === "string") {
      try {
        data = JSON.parse(data);
      } catch (error) {
        return;
      }
    }
    page.heard = true;
    clearInterval(page.greeting);
    var heard = page.embed.receive(data, post);
    if (heard.ready && !page.ready) {
      page.ready = true;
      if (page.pending !== null) {
        page.embed.seek(page.pending).forEach(post);
        page.pending = null;
      }
    }
    if (heard.time !== null) {
      highlight(heard.time);
    }
  }

  /* ---- jump links ---- */

  function onClick(event) {
    var link = event.target.closest ? event.target.closest("a[data-wz-seek]") : null;
    if (!link || !page || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    var seconds = parseInt(link.getAttribute("data-wz-seek"), 10);
    if (isNaN(seconds)) {
      return;
    }
    event.preventDefault();
    seek(seconds, link);
  }

  function seek(seconds, link) {
    var root = page.root;
    root.scrollIntoView({ behavior: "smooth", block: "center" });
    highlight(seconds);
    if (page.video) {
      page.video.currentTime = seconds;
      var playing = page.video.play();
      if (playing && playing.catch) {
        playing.catch(function () {});
      }
    } else if (page.frame) {
      if (page.ready) {
        page.embed.seek(seconds).forEach(post);
      } else {
        page.pending = seconds;
      }
    } else {
      askConsent(seconds, link);
    }
  }

  /* Before consent a jump link asks for it: the load button will start at that second. */
  function askConsent(seconds, link) {
    page.pending = seconds;
    showStart(seconds, page.root.getAttribute("data-wz-ask"));
    var watch = page.root.querySelector(".wz-watch");
    if (watch) {
      watch.href = link.href;
    }
    page.root.querySelector(".wz-load").focus({ preventScroll: true });
  }

  /* ---- the privacy page ---- */

  function setupPrivacy() {
    var box = document.querySelector(".wz-consents");
    if (!box || box.getAttribute("data-wz-init") === "1") {
      return;
    }
    box.setAttribute("data-wz-init", "1");
    showConsents(box);
    box.querySelector(".wz-revoke").addEventListener("click", function () {
      // Every platform's consent, also of platforms no longer in the archive.
      var storage = store();
      for (var index = storage ? storage.length - 1 : -1; index >= 0; index--) {
        var key = storage.key(index);
        if (key && key.indexOf(KEY) === 0) {
          storage.removeItem(key);
        }
      }
      showConsents(box);
      box.querySelector(".wz-consents__note").textContent = box.getAttribute("data-wz-revoked");
    });
  }

  function showConsents(box) {
    Array.prototype.forEach.call(box.querySelectorAll("[data-wz-consent-state]"), function (state) {
      var given = hasConsent(state.getAttribute("data-wz-consent-state"));
      state.textContent = box.getAttribute(given ? "data-wz-given" : "data-wz-none");
    });
  }

  /* ---- per page ---- */

  function setupPage() {
    setupPrivacy();
    var root = document.querySelector("[data-wz-player]");
    if (root && root.wzPage) {
      page = root.wzPage; // the same page again: already set up
      return;
    }
    if (page) {
      clearInterval(page.greeting); // the previous page's player is gone
    }
    page = null;
    if (!root) {
      return;
    }
    var start = linkedSecond();
    page = { root: root, answers: readAnswers(), playing: null, video: null, frame: null, pending: null };
    root.wzPage = page;
    if (root.getAttribute("data-wz-player") === "file") {
      setupVideo(root, start);
    } else {
      setupEmbed(root, start);
    }
    if (start !== null) {
      markQuestion(start);
    }
  }

  /* Material's search dialog has no name (axe: aria-dialog-name); its input has a label. */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    var input = dialog && dialog.querySelector("input[aria-label]");
    if (input && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
    }
  }

  function setup() {
    // The listeners sit on document and window, which instant navigation keeps: add them once.
    if (document.documentElement.getAttribute("data-wz-ready") !== "1") {
      document.documentElement.setAttribute("data-wz-ready", "1");
      document.addEventListener("click", onClick);
      window.addEventListener("message", onMessage);
    }
    nameSearchDialog();
    setupPage();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
