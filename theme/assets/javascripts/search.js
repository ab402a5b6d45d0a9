/* The search page (search/): Pagefind's JavaScript API with the filters 类型, 地区 and 年份,
   whose choice is kept in the URL (?q=…&year=2023&region=…) like the table filters of
   site.js, so a filtered search can be shared and survives a reload. Results are drawn with
   DOM nodes only: every title and summary is document text and is never parsed as HTML. */
(function () {
  "use strict";

  /* The index holds Chinese as overlapping character pairs (generator/publish/search.py); the
     query is split the same way, so 发改局 matches 区发改局 and any phrase of the text. */
  var CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

  function searchTerms(text) {
    var code = function (char) { return ("0000" + char.charCodeAt(0)).slice(-5); };
    /* Numbers are whole terms as written (5.5 → n5d5x, 5.5% → n5d5px), as in search.py; the
       x ends the term, as Pagefind matches words by their start (2 would find 2023). */
    var numbers = text.normalize("NFKC").toLowerCase().replace(/\d+(?:\.\d+)?%?/g, function (written) {
      var term = "n" + written.replace(/%$/, "").replace(".", "d");
      return " " + term + (/%$/.test(written) ? "p" : "") + "x ";
    });
    return numbers.replace(CJK_RUN, function (run) {
      if (run.length === 1) return " c" + code(run) + " ";
      var pairs = [];
      for (var i = 0; i < run.length - 1; i++) pairs.push("c" + code(run[i]) + code(run[i + 1]));
      return " " + pairs.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }

  /* Filter groups as search.py names them, and the URL parameter each is kept in. */
  var GROUPS = [
    { name: "类型", param: "kind" },
    { name: "地区", param: "region" },
    { name: "年份", param: "year" }
  ];
  var KIND_ORDER = ["文件", "任务", "责任单位", "领导", "指标", "其他"];
  var PAGE_SIZE = 10;
  /* A year opening or ending a query word (2023, 2023年, 2023年发改局, 发改局2023) selects the
     年份 filter rather than matching every page that happens to mention the number. */
  var YEAR_FIRST = /^((?:19|20)\d{2})(?:年(?:度)?)?(?!\d)(.*)$/;
  var YEAR_LAST = /^(.*?\D)((?:19|20)\d{2})(?:年(?:度)?)?$/;

  function siteRoot() {
    return typeof __md_scope !== "undefined" ? __md_scope : new URL("/", window.location.href);
  }

  function node(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    if (text) element.textContent = text;
    return element;
  }

  /* Append text to parent with the searched words wrapped in <mark>, as text nodes only. */
  function appendMarked(parent, text, words) {
    var pattern = words.length
      ? new RegExp("(" + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "gi")
      : null;
    var parts = pattern ? text.split(pattern) : [text];
    parts.forEach(function (part, index) {
      if (!part) return;
      if (index % 2 === 1) parent.appendChild(node("mark", {}, part));
      else parent.appendChild(document.createTextNode(part));
    });
  }

  function sortedValues(group, values) {
    var names = Object.keys(values || {});
    if (group === "类型") {
      return names.sort(function (a, b) { return KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b); });
    }
    if (group === "年份") return names.sort().reverse();
    return names.sort(function (a, b) { return a.localeCompare(b, "zh-Hans-CN-u-co-pinyin"); });
  }

  function setupSearch() {
    var root = document.getElementById("site-search");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    root.textContent = "";

    var form = node("form", { "class": "search-form", role: "search" });
    var input = node("input", {
      id: "search-input", "class": "pagefind-ui__search-input", type: "search", name: "q",
      autocomplete: "off", placeholder: "搜索单位、领导、指标或任务内容"
    });
    form.appendChild(node("label", { "for": "search-input", "class": "visually-hidden" }, "搜索内容"));
    form.appendChild(input);
    form.appendChild(node("button", { type: "submit" }, "搜索"));
    var layout = node("div", { "class": "search-layout" });
    /* On a phone the filters start folded, so the results are on the first screen. */
    var panel = node("details", { "class": "search-filters" });
    panel.appendChild(node("summary", {}, "筛选结果（类型、地区、年份）"));
    var results = node("div", { "class": "search-results" });
    var heading = node("h2", { "class": "search-count", tabindex: "-1" });
    var live = node("p", { "class": "visually-hidden", role: "status" });
    var list = node("ol", { "class": "search-list" });
    var more = node("button", { type: "button", "class": "search-more", hidden: "" }, "显示更多结果");
    results.appendChild(heading);
    results.appendChild(live);
    results.appendChild(list);
    results.appendChild(more);
    layout.appendChild(panel);
    layout.appendChild(results);
    root.appendChild(form);
    root.appendChild(layout);
    heading.hidden = true;

    var params = new URLSearchParams(window.location.search);
    var selected = {};
    GROUPS.forEach(function (g) { selected[g.name] = params.getAll(g.param); });
    input.value = params.get("q") || "";
    /* Arriving with a query (from the header box, a shared link) is an explicit search; what
       is typed before the index has loaded is not. */
    var explicit = Boolean(input.value.trim()) || GROUPS.some(function (g) { return selected[g.name].length; });
    var wide = !window.matchMedia || window.matchMedia("(min-width: 45em)").matches;
    panel.open = wide || GROUPS.some(function (g) { return selected[g.name].length; });
    /* Until the index's filters have loaded, a search waits; Enter pressed meanwhile still
       counts as an explicit search once it runs. */
    var ready = false;
    var waiting = explicit ? "initial" : "type";
    var header = document.getElementById("header-search");
    if (header && input.value) header.value = input.value;

    var boxes = {};  /* group → value → {input, count} */
    var allFilters = {};  /* group → value → pages in the whole index */
    /* Whether Pagefind's filter files are loaded, so a search also counts its results per
       value. On a large site they are fetched only once a reader turns to the filters. */
    var countsReady = false;
    var loadingCounts = null;
    var countTerm = null;  /* the term of the search shown, to count again once they load */
    var shown = [];
    var found = [];
    var words = [];
    var generation = 0;
    var timer = null;
    var typedYears = [];  /* years in the query while it is typed, not yet moved to the boxes */

    function buildFilters() {
      GROUPS.forEach(function (group) {
        var values = sortedValues(group.name, allFilters[group.name]);
        if (!values.length) return;
        var fieldset = node("fieldset", { "class": "search-filter", "data-group": group.name });
        fieldset.appendChild(node("legend", {}, group.name));
        boxes[group.name] = {};
        values.forEach(function (value) {
          var label = node("label", {});
          var box = node("input", { type: "checkbox", name: group.param, value: value });
          box.checked = selected[group.name].indexOf(value) >= 0;
          var count = node("span", { "class": "search-filter__count" });
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + value + " "));
          label.appendChild(count);
          fieldset.appendChild(label);
          boxes[group.name][value] = { input: box, count: count };
          box.addEventListener("change", function () {
            var list = selected[group.name].filter(function (v) { return v !== value; });
            if (box.checked) list.push(value);
            selected[group.name] = list;
            run("filter");
          });
        });
        panel.appendChild(fieldset);
      });
      /* Values from a shared URL that the index does not know are dropped. */
      GROUPS.forEach(function (g) {
        selected[g.name] = selected[g.name].filter(function (v) { return boxes[g.name] && boxes[g.name][v]; });
      });
    }

    function chosen(group) {
      var values = selected[group].slice();
      if (group === "年份") typedYears.forEach(function (y) { if (values.indexOf(y) < 0) values.push(y); });
      return values;
    }

    function filtersFor(exclude) {
      var filters = {};
      GROUPS.forEach(function (g) {
        var values = chosen(g.name);
        if (g.name !== exclude && values.length) filters[g.name] = { any: values };
      });
      return filters;
    }

    /* counts is null while they are not known: every value stays offered, with no number. */
    function showCounts(counts) {
      GROUPS.forEach(function (g) {
        Object.keys(boxes[g.name] || {}).forEach(function (value) {
          var entry = boxes[g.name][value];
          var n = counts ? (counts[g.name] && counts[g.name][value]) || 0 : null;
          entry.input.checked = chosen(g.name).indexOf(value) >= 0;
          entry.count.textContent = n === null ? "" : "（" + n + "）";
          /* A value that would find nothing is not offered, unless it is chosen. */
          entry.input.parentNode.hidden = n === 0 && !entry.input.checked;
        });
        var fieldset = panel.querySelector('fieldset[data-group="' + g.name + '"]');
        if (fieldset) fieldset.hidden = !fieldset.querySelector("label:not([hidden])");
      });
    }

    /* A group's counts leave out its own choice: checking 2023 still shows how many results
       2024 would add. Until the filter files are loaded there is nothing to count. */
    function countSearches(pagefind, term) {
      if (!countsReady) return Promise.resolve([]);
      return Promise.all(GROUPS.map(function (g) {
        return chosen(g.name).length ? pagefind.search(term, { filters: filtersFor(g.name) }) : null;
      }));
    }

    /* The search shown and, once the filter files are loaded, the searches that count it. */
    function searchAndCount(pagefind, term) {
      return Promise.all([pagefind.search(term, { filters: filtersFor(null) }), countSearches(pagefind, term)]);
    }

    function countsOf(search, own) {
      var counts = {};
      GROUPS.forEach(function (g, index) {
        counts[g.name] = ((own[index] || search).filters || {})[g.name] || {};
      });
      return counts;
    }

    /* Fetch Pagefind's filter files, then count the results shown per value. */
    function loadCounts() {
      if (countsReady || loadingCounts) return loadingCounts;
      loadingCounts = window.__siteSearch.then(function (pagefind) {
        return pagefind.filters().then(function () {
          countsReady = true;
          var token = generation;
          if (!countTerm && !Object.keys(filtersFor(null)).length) return;
          return searchAndCount(pagefind, countTerm).then(function (answers) {
            if (token === generation) showCounts(countsOf(answers[0], answers[1]));
          });
        });
      }).catch(function () { loadingCounts = null; });
      return loadingCounts;
    }

    function writeUrl(query) {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      GROUPS.forEach(function (g) {
        url.searchParams.delete(g.param);
        selected[g.name].forEach(function (value) { url.searchParams.append(g.param, value); });
      });
      window.history.replaceState(null, "", url.toString());
    }

    function resultItem(data) {
      var meta = data.meta || {};
      var item = node("li", { "class": "search-result pagefind-ui__result" });
      var line = node("p", { "class": "result-meta" });
      if (meta.kind) line.appendChild(node("span", { "class": "result-kind" }, meta.kind));
      if (meta.context && meta.context !== meta.kind) line.appendChild(node("span", { "class": "result-context" }, meta.context));
      var url = new URL(data.url, window.location.href);
      if (words.length) url.searchParams.set("highlight", words.join(" "));
      var title = node("p", { "class": "result-title" });
      var link = node("a", { "class": "pagefind-ui__result-link", href: url.pathname + url.search });
      appendMarked(link, meta.title || data.url, words);
      title.appendChild(link);
      item.appendChild(line);
      item.appendChild(title);
      if (meta.summary) {
        var excerpt = node("p", { "class": "result-excerpt pagefind-ui__result-excerpt" });
        appendMarked(excerpt, meta.summary, words);
        item.appendChild(excerpt);
      }
      return item;
    }

    function showMore(token) {
      var next = found.slice(shown.length, shown.length + PAGE_SIZE);
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
        if (token !== generation) return;
        datas.forEach(function (data) { list.appendChild(resultItem(data)); shown.push(data); });
        more.hidden = shown.length >= found.length;
      });
    }

    function say(text, reason) {
      heading.textContent = text;
      heading.hidden = !text;
      /* An explicit search moves focus to the count (read out there); other changes are
         announced by the status line, without taking focus from where the user is. */
      if (reason === "submit" || reason === "initial") {
        live.textContent = "";
        if (text) heading.focus();
      } else {
        live.textContent = text;
      }
    }

    function run(reason) {
      var token = ++generation;
      var typed = input.value.trim().split(/\s+/).filter(Boolean);
      var rest = [];
      var years = [];
      var known = function (year) { return Boolean(boxes["年份"] && boxes["年份"][year]); };
      typed.forEach(function (word) {
        var first = YEAR_FIRST.exec(word);
        var last = YEAR_LAST.exec(word);
        if (first && known(first[1])) {
          years.push(first[1]);
          if (first[2]) rest.push(first[2]);
        } else if (last && known(last[2])) {
          years.push(last[2]);
          rest.push(last[1]);
        } else {
          rest.push(word);
        }
      });
      /* Typed years filter at once; an explicit search moves them from the box to the
         filter, where they are seen and can be unchecked. */
      typedYears = reason === "type" ? years : [];
      if (reason !== "type" && years.length) {
        years.forEach(function (year) {
          if (selected["年份"].indexOf(year) < 0) selected["年份"].push(year);
        });
        input.value = rest.join(" ");
      }
      words = rest;
      var query = rest.join(" ");
      writeUrl(query);
      var filters = filtersFor(null);
      var term = query ? searchTerms(query) : null;
      if (!term && !Object.keys(filters).length) {
        countTerm = null;
        list.textContent = "";
        more.hidden = true;
        found = [];
        shown = [];
        say("", reason);
        showCounts(allFilters);
        return Promise.resolve();
      }
      countTerm = term;
      return window.__siteSearch.then(function (pagefind) {
        return searchAndCount(pagefind, term);
      }).then(function (answers) {
        if (token !== generation) return;
        var search = answers[0];
        showCounts(countsReady ? countsOf(search, answers[1]) : null);
        found = search.results;
        shown = [];
        list.textContent = "";
        return showMore(token).then(function () {
          if (token !== generation) return;
          var label = query ? "“" + query + "”" : "所选条件";
          say(found.length ? "找到 " + found.length + " 条结果" : "没有找到与" + label + "相关的内容", reason);
        });
      }).catch(function () {
        if (token === generation) say("搜索暂时无法使用，请稍后再试。", reason);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      if (ready) run("submit");
      else waiting = "submit";
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      if (!ready) return;
      timer = window.setTimeout(function () { run("type"); }, 250);
    });
    more.addEventListener("click", function () {
      var first = shown.length;
      showMore(generation).then(function () {
        /* Keyboard users continue at the first new result. */
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();
      });
    });

    if (!window.__siteSearch) {
      var bundle = new URL("pagefind/pagefind.js", siteRoot()).href;
      window.__siteSearch = import(bundle).then(function (pagefind) {
        return Promise.resolve(pagefind.options({ baseUrl: siteRoot().pathname })).then(function () {
          /* Load the index while the reader types, not after: the first result comes sooner. */
          /* A failure here shows when the search runs; it must not be an unhandled error. */
          if (pagefind.init) Promise.resolve(pagefind.init()).catch(function () {});
          return pagefind;
        });
      });
    }
    /* The values and their totals come from the small list the build writes beside the
       index (generator/publish/search_filters.py); Pagefind's own filter files list every
       page, so on a large site they wait until a reader turns to the filters. */
    var listing = fetch(new URL("pagefind/filters.json", siteRoot()).href)
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; });
    Promise.all([window.__siteSearch, listing]).then(function (both) {
      var pagefind = both[0];
      var given = both[1];
      if (given && given.filters && !given.eager) return given.filters;
      return pagefind.filters().then(function (filters) { countsReady = true; return filters; });
    }).then(function (filters) {
      allFilters = filters || {};
      buildFilters();
      if (!countsReady) {
        ["pointerenter", "focusin", "touchstart", "toggle"].forEach(function (type) {
          panel.addEventListener(type, loadCounts, { once: true, passive: true });
        });
      }
      ready = true;
      return run(waiting);
    }).catch(function () {
      say("搜索暂时无法使用，请稍后再试。", "type");
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(setupSearch);
  else document.addEventListener("DOMContentLoaded", setupSearch);
})();
