/* Wunschzeit: the consent-first player, jump links that seek it in place, deep links
   (`?t=272#q-id`), the highlight of the answer that is playing, and the privacy page.
   Watching along: the timeline's markers seek like ▶ links; while a recording plays the
   stage (player and timeline) stays in view on wide screens, the answer and the caption
   being played are marked, and the page can follow playback; answers share their moment.

   Nothing is requested from a video platform before the reader clicks "load video": the page
   holds only a placeholder ([data-wz-player]) with the platform's privacy-mode embed URL in
   data-wz-embed. Consent is remembered per platform in localStorage. Players are driven by
   postMessage only (no platform script is loaded). Every UI string comes from data-wz-*
   attributes rendered into the page. Works with Material's instant navigation: document$
   emits once per page; the click and message listeners sit on document/window once. */
(function () {
  "use strict";

  var KEY = "wunschzeit.consent.";
  var FOLLOW = "wunschzeit.follow"; // "0": the reader turned following off
  var WIDE = "(min-width: 76.25em)"; // where the stage is sticky (wunschzeit.css)
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

  /* The combined list's answers: [{item, marker, heading, start, end}] in answer order. */
  function readAnswers() {
    var markers = {};
    Array.prototype.forEach.call(document.querySelectorAll(".wz-marker[data-wz-target]"), function (marker) {
      markers[marker.getAttribute("data-wz-target")] = marker;
    });
    var answers = [];
    Array.prototype.forEach.call(document.querySelectorAll(".wz-outline__answer[data-wz-start]"), function (item) {
      var target = item.getAttribute("data-wz-target");
      var end = item.getAttribute("data-wz-end");
      answers.push({
        item: item,
        marker: markers[target] || null,
        heading: target ? document.getElementById(target) : null,
        start: parseInt(item.getAttribute("data-wz-start"), 10),
        end: end === null ? null : parseInt(end, 10),
      });
    });
    answers.forEach(function (answer, index) {
      if (answer.end === null) {
        var next = answers[index + 1];
        answer.end = next ? next.start : Infinity;
      }
    });
    return answers;
  }

  function setCurrent(element, on) {
    if (!element) {
      return;
    }
    if (on) {
      element.setAttribute("aria-current", "time");
    } else {
      element.removeAttribute("aria-current");
    }
  }

  function markAnswer(answer, on) {
    answer.item.classList.toggle("wz-playing", on);
    setCurrent(answer.item, on);
    if (answer.marker) {
      answer.marker.classList.toggle("wz-marker--playing", on);
      setCurrent(answer.marker, on);
    }
  }

  /* `follow`: the position comes from playback or a jump, so the page may scroll along. */
  function highlight(seconds, follow) {
    if (!page) {
      return;
    }
    var playing = null;
    page.answers.forEach(function (answer) {
      if (seconds >= answer.start && seconds < answer.end) {
        playing = answer;
      }
    });
    showProgress(seconds);
    highlightCue(seconds);
    if (playing === page.playing) {
      return;
    }
    if (page.playing) {
      markAnswer(page.playing, false);
    }
    page.playing = playing;
    if (playing) {
      markAnswer(playing, true);
      if (follow) {
        followTo(playing.heading);
      }
    }
  }

  function showProgress(seconds) {
    if (page.now && page.length > 0) {
      page.now.style.width = Math.min(100, (seconds / page.length) * 100) + "%";
    }
  }

  /* ---- watching along ---- */

  function sticky() {
    return !!page.stage && page.stage.classList.contains("wz-stage--active") && window.matchMedia(WIDE).matches;
  }

  function following() {
    return !!page.follow && page.follow.checked && sticky();
  }

  /* The stage stays in view from the first play or jump on; headings keep clear of it. */
  function activate() {
    if (!page.stage || page.stage.classList.contains("wz-stage--active")) {
      return;
    }
    page.stage.classList.add("wz-stage--active");
    measureStage();
    if (window.ResizeObserver) {
      page.resizing = new ResizeObserver(measureStage);
      page.resizing.observe(page.stage);
    }
  }

  function measureStage() {
    if (page && page.stage) {
      document.documentElement.style.setProperty("--wz-stage-height", page.stage.offsetHeight + "px");
    }
  }

  /* Scroll the answer being played to just below the stage, unless it is already there. */
  function followTo(heading) {
    if (!heading || !following()) {
      return;
    }
    var top = heading.getBoundingClientRect().top;
    var below = page.stage.getBoundingClientRect().bottom;
    if (top < below || top > window.innerHeight * 0.6) {
      heading.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  }

  function setupFollow(stage) {
    var label = stage.querySelector(".wz-follow");
    var input = label && label.querySelector("input");
    if (!input) {
      return;
    }
    var storage = store();
    input.checked = !(storage && storage.getItem(FOLLOW) === "0");
    label.hidden = false;
    input.addEventListener("change", function () {
      var current = store();
      if (current) {
        current.setItem(FOLLOW, input.checked ? "1" : "0");
      }
      if (input.checked && page && page.playing) {
        followTo(page.playing.heading);
      }
    });
    page.follow = input;
  }

  /* The transcript's captions: {links, starts, ends, list, current}; starts are sorted. */
  function readCues() {
    var links = document.querySelectorAll(".wz-cues a.wz-cue");
    var starts = [];
    var ends = [];
    Array.prototype.forEach.call(links, function (link) {
      starts.push(parseFloat(link.getAttribute("data-wz-seek")));
      ends.push(parseFloat(link.getAttribute("data-wz-end")));
    });
    return { links: links, starts: starts, ends: ends, list: document.querySelector(".wz-cues"), current: null };
  }

  function cueAt(cues, seconds) {
    var low = 0;
    var high = cues.starts.length - 1;
    var found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (cues.starts[middle] <= seconds) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found >= 0 && seconds < cues.ends[found] ? cues.links[found] : null;
  }

  function highlightCue(seconds) {
    var cues = page.cues;
    var link = cues.links.length ? cueAt(cues, seconds) : null;
    if (link === cues.current) {
      return;
    }
    if (cues.current) {
      cues.current.classList.remove("wz-cue--current");
      setCurrent(cues.current, false);
    }
    cues.current = link;
    if (link) {
      link.classList.add("wz-cue--current");
      setCurrent(link, true);
      var box = link.closest("details");
      if (page.follow && page.follow.checked && box && box.open) {
        // Only the transcript's own box scrolls: the page stays where the reader is.
        cues.list.scrollTop = link.offsetTop - cues.list.clientHeight / 3;
      }
    }
  }

  /* A deep link: the stage in view (with the question under it on wide screens), and the
     question named beside the player. */
  function showJump(seconds, heading) {
    activate();
    var note = page.stage ? page.stage.querySelector(".wz-stage__note") : null;
    if (note && heading) {
      var parts = (page.stage.getAttribute("data-wz-jumps-to") || "{question}").split("{question}");
      var link = document.createElement("a");
      link.href = "#" + heading.id;
      link.textContent = headingText(heading);
      note.textContent = "";
      note.append(parts[0], link, parts.slice(1).join(""));
      note.hidden = false;
    }
    var reveal = function () {
      if (heading && sticky()) {
        heading.scrollIntoView({ block: "start" });
      } else {
        (page.stage || page.root).scrollIntoView({ block: "start" });
      }
    };
    reveal();
    if (document.readyState !== "complete") {
      window.addEventListener("load", reveal, { once: true }); // after the browser's own jump
    }
  }

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (link) {
      link.remove();
    });
    return copy.textContent.trim();
  }

  /* ---- sharing a moment ---- */

  function share(button) {
    var url = new URL(button.getAttribute("data-wz-share"), window.location.href).href;
    var status = button.nextElementSibling;
    var say = function (text) {
      if (status) {
        status.textContent = "";
        setTimeout(function () { status.textContent = text; }, 50); // announced anew each time
      }
    };
    var fallback = function () {
      var field = status && status.nextElementSibling;
      if (!field || !field.classList.contains("wz-share__field")) {
        field = document.createElement("input");
        field.className = "wz-share__field";
        field.readOnly = true;
        field.setAttribute("aria-label", button.textContent);
        (status || button).after(field);
      }
      field.value = url;
      field.focus();
      field.select();
      say(button.getAttribute("data-wz-copy-failed"));
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () {
        say(button.getAttribute("data-wz-copied"));
      }, fallback);
    } else {
      fallback();
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
    highlight(seconds, false);
    showJump(seconds, heading);
  }

  /* ---- self-hosted <video> ---- */

  function setupVideo(root, start) {
    var video = root.querySelector("video");
    page.video = video;
    video.addEventListener("timeupdate", function () {
      if (page && page.video === video) {
        highlight(video.currentTime, true);
      }
    });
    video.addEventListener("play", function () {
      if (page && page.video === video) {
        activate();
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
    video.preload = "metadata"; // with preload=none nothing loads until this (or play)
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

  /* A media file on another server: its <video> waits in a <template>, which the browser
     does not fetch from, until the reader consents. */
  var DIRECT = {};

  function loadVideo(autoplay) {
    var root = page.root;
    var video = root.querySelector("template").content.querySelector("video").cloneNode(true);
    var seconds = page.pending;
    page.pending = null;
    root.querySelector(".wz-consent").replaceWith(video);
    root.classList.add("wz-player--loaded");
    Array.prototype.forEach.call(root.querySelectorAll(".wz-consent__info, .wz-consent__note"), function (element) {
      element.hidden = true;
    });
    video.preload = "metadata"; // consented: the player shows its length
    setupVideo(root, seconds);
    if (autoplay) {
      video.focus();
      var playing = video.play();
      if (playing && playing.catch) {
        playing.catch(function () {});
      }
    }
  }

  function setupEmbed(root, start) {
    var button = root.querySelector(".wz-load");
    var direct = root.getAttribute("data-wz-player") === "direct";
    page.embed = direct ? DIRECT : EMBEDS[root.getAttribute("data-wz-player")];
    page.pending = start;
    if (!page.embed || !button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      remember(root.getAttribute("data-wz-consent-key"));
      load(true);
      activate();
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
    if (page.embed === DIRECT) {
      loadVideo(autoplay);
      return;
    }
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
      if (heard.time > 0) {
        activate(); // the embed plays (also one loaded without a click, after consent)
      }
      highlight(heard.time, true);
    }
  }

  /* ---- jump links ---- */

  function onClick(event) {
    var shareButton = event.target.closest ? event.target.closest("button.wz-share") : null;
    if (shareButton) {
      share(shareButton);
      return;
    }
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
    activate();
    if (!inView(page.stage || root)) {
      root.scrollIntoView({ behavior: "smooth", block: "center" });
    }
    highlight(seconds, true);
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

  function inView(element) {
    var box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
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
    Array.prototype.forEach.call(document.querySelectorAll("button.wz-share[hidden]"), function (button) {
      button.hidden = false; // copying needs this script: without it the button stays hidden
    });
    var root = document.querySelector("[data-wz-player]");
    if (root && root.wzPage) {
      page = root.wzPage; // the same page again: already set up
      return;
    }
    if (page) {
      clearInterval(page.greeting); // the previous page's player is gone
      if (page.resizing) {
        page.resizing.disconnect();
      }
    }
    page = null;
    document.documentElement.style.removeProperty("--wz-stage-height");
    if (!root) {
      return;
    }
    var start = linkedSecond();
    var stage = root.closest(".wz-stage");
    var timeline = stage ? stage.querySelector(".wz-timeline") : null;
    page = {
      root: root, stage: stage, answers: readAnswers(), cues: readCues(), playing: null,
      video: null, frame: null, pending: null, follow: null,
      now: timeline ? timeline.querySelector(".wz-timeline__now") : null,
      length: timeline ? parseInt(timeline.getAttribute("data-wz-length"), 10) : 0,
    };
    root.wzPage = page;
    if (stage) {
      setupFollow(stage);
    }
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
