// Wunschzeit: Pagefind search in Material's search box (written only when the search is
// Pagefind, see generator/search.py). Pagefind loads on the first focus; a query downloads only
// the index chunks of its words and the fragments of the results it shows. Results link to the
// question's section (#q-...) through Pagefind's sub-results; filters (expert, event, year)
// load on request.
// Text from the index is put into the page as text, never as HTML: questions are public input.

const box = document.querySelector("[data-wz-search]");
const SHOWN = 10;
const PER_PAGE = 3;
const TEXT = {
  de: {
    expert: "Alle Expertinnen und Experten", event: "Alle Veranstaltungen", year: "Alle Jahre",
    none: "Keine Treffer", one: "1 Treffer", other: (n) => `${n} Treffer`,
    placeholder: "Suchbegriff eingeben",
    filter: "Filtern nach Person, Veranstaltung, Jahr",
    missing: "Der Suchindex fehlt: er entsteht mit „wunschzeit build“.",
  },
  en: {
    expert: "All experts", event: "All events", year: "All years",
    none: "No results", one: "1 result", other: (n) => `${n} results`,
    placeholder: "Type to start searching",
    filter: "Filter by expert, event, year",
    missing: "The search index is missing: `wunschzeit build` makes it.",
  },
};

if (box) {
  const input = box.querySelector("[data-wz-search-query]");
  const list = box.querySelector("[data-wz-search-results]");
  const meta = box.querySelector("[data-wz-search-meta]");
  const filterBox = box.querySelector("[data-wz-search-filters]");
  const toggle = document.getElementById("__search");
  const text = document.documentElement.lang.startsWith("de") ? TEXT.de : TEXT.en;
  const bundle = new URL(box.dataset.wzSearch, document.baseURI);
  const selected = {};
  let pagefind = null;
  let latest = 0;

  // The index is in shards (generator/site/search_index.py): shards.json names their bundles;
  // the first is Pagefind's own instance, the others are merged into it, and a query searches
  // all of them with one ranking and one set of filters. After an edit, the main shards stay
  // as they were and the pages changed since are in one small extra bundle (the "delta"):
  // their copies in the main shards ("superseded", as URLs below the site) are stale, and a
  // deleted page is superseded without a new copy. Without shards.json, the folder is one
  // bundle (Pagefind run by hand after `mkdocs build`, as the README says).
  const shardList = async () => {
    const response = await fetch(new URL("shards.json", bundle), { cache: "no-cache" });
    if (!response.ok) return { folders: [bundle], delta: null, superseded: [] };
    const { shards, delta, superseded } = await response.json();
    return {
      folders: shards.map((name) => new URL(`${name}/`, bundle)),
      delta: delta ? new URL(`${delta}/`, bundle) : null,
      superseded: superseded || [],
    };
  };

  const root = new URL("..", bundle).pathname;
  let superseded = new Set();
  let hasDelta = false;

  const open = async () => {
    const { folders, delta, superseded: stale } = await shardList();
    const module = await import(new URL("pagefind.js", folders[0]).href);
    // Result URLs start at the site's root, which may be below the host's (site_url). No web
    // worker: its script is 41 KB more for a first query (of about 270 KB at 5,000 talks),
    // and a search of loaded chunks takes milliseconds in the page.
    const settings = { baseUrl: root, noWorker: true };
    // A filter of Pagefind's own (mergeFilter) tells the delta's results from the others.
    const main = delta ? { ...settings, mergeFilter: { wz_copy: "main" } } : settings;
    await module.options(main);
    await Promise.all(folders.slice(1).map((url) => module.mergeIndex(url.pathname, main)));
    if (delta) {
      await module.mergeIndex(delta.pathname, { ...settings, mergeFilter: { wz_copy: "delta" } });
    }
    superseded = new Set(stale.map((path) => root + path));
    hasDelta = Boolean(delta);
    return module;
  };

  const load = () => {
    pagefind ??= open();
    return pagefind;
  };

  // The filter lists grow with the archive (every expert's name): they load when asked for,
  // so that a first query stays small.
  const filterButton = document.createElement("button");
  filterButton.type = "button";
  filterButton.className = "md-button wz-search__filter-button";
  filterButton.textContent = text.filter;
  filterButton.addEventListener("click", async () => {
    filterButton.disabled = true;
    try {
      await showFilters(await load());
      filterButton.remove();
    } catch (error) {
      filterButton.disabled = false;
    }
  });
  filterBox.append(filterButton);

  const showFilters = async (module) => {
    const all = await module.filters();
    for (const key of ["expert", "event", "year"]) {
      const values = Object.keys(all[key] || {});
      if (!values.length) continue;
      values.sort((a, b) => (key === "year" ? b.localeCompare(a) : a.localeCompare(b)));
      const select = document.createElement("select");
      select.setAttribute("aria-label", text[key]);
      select.dataset.wzFilter = key;
      select.append(new Option(text[key], ""), ...values.map((v) => new Option(v, v)));
      select.addEventListener("change", () => {
        selected[key] = select.value;
        run();
      });
      filterBox.append(select);
    }
  };

  // Pagefind's excerpts are HTML: escaped text with <mark> around the hits. Only text and
  // <mark> are kept; DOMParser documents run no scripts and load nothing.
  const excerpt = (markup) => {
    const parsed = new DOMParser().parseFromString(`<p>${markup}</p>`, "text/html");
    const paragraph = document.createElement("p");
    for (const node of parsed.body.firstChild.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(document.createTextNode(node.textContent));
      }
    }
    return paragraph;
  };

  const link = (url, heading, title, body) => {
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.className = "md-search-result__link";
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const head = document.createElement(heading);
    head.textContent = title;
    article.append(head, excerpt(body));
    anchor.append(article);
    return anchor;
  };

  const item = (data) => {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const sections = (data.sub_results || []).filter((s) => s.url.includes("#q-"));
    li.append(link(data.url, "h1", data.meta.title || data.url, data.excerpt));
    for (const section of sections.slice(0, PER_PAGE)) {
      li.append(link(section.url, "h2", section.title, section.excerpt));
    }
    return li;
  };

  const count = (n) => (n === 0 ? text.none : n === 1 ? text.one : text.other(n));

  const run = async () => {
    const ticket = ++latest;
    let module;
    try {
      module = await load();
    } catch (error) {
      pagefind = null; // `wunschzeit serve` builds no index; `wunschzeit build` does
      meta.textContent = text.missing;
      return;
    }
    const query = input.value.trim();
    const filters = Object.fromEntries(Object.entries(selected).filter(([, v]) => v));
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      meta.textContent = text.placeholder;
      return;
    }
    const search = await module.debouncedSearch(query || null, { filters }, 200);
    if (search === null || ticket !== latest) return;
    const { shown, dropped } = await current(module, query, filters, search.results);
    if (ticket !== latest) return;
    meta.textContent = count(search.results.length - dropped);
    list.replaceChildren(...shown.map(item));
  };

  // The first SHOWN results without the stale copies of superseded pages: a result whose URL
  // is superseded counts only when the delta gave it (the same search in the delta alone
  // names its results), and once. The count drops the stale copies among the results loaded.
  const current = async (module, query, filters, results) => {
    if (!superseded.size) {
      return { shown: await Promise.all(results.slice(0, SHOWN).map((r) => r.data())), dropped: 0 };
    }
    const fresh = new Set();
    if (hasDelta) {
      const only = await module.search(query || null, { filters: { ...filters, wz_copy: "delta" } });
      for (const result of only.results) fresh.add(result.id);
    }
    const shown = [];
    const seen = new Set();
    let dropped = 0;
    for (let start = 0; start < results.length && shown.length < SHOWN; start += SHOWN) {
      const batch = results.slice(start, start + SHOWN);
      const data = await Promise.all(batch.map((r) => r.data()));
      batch.forEach((result, n) => {
        const stale = superseded.has(data[n].url.split("#")[0]);
        if (stale && (!fresh.has(result.id) || seen.has(result.id))) {
          dropped += 1;
        } else if (shown.length < SHOWN) {
          seen.add(result.id);
          shown.push(data[n]);
        }
      });
    }
    return { shown, dropped };
  };

  input.addEventListener("focus", () => {
    toggle.checked = true;
    load().catch(() => {
      pagefind = null;
    });
  });
  input.addEventListener("input", run);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      toggle.checked = false;
      input.blur();
    }
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked) input.focus();
  });
  // Material's shortcuts for its own search box: f, s and / open this one.
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (["f", "s", "/"].includes(event.key)) {
      event.preventDefault();
      input.focus();
    }
  });
}
