/* Site behaviour on top of Material: large-text mode, source-line
   highlighting and sortable tables. Material swaps pages without reloading (instant
   navigation), so page setup runs on every `document$` emission. */
(function () {
  "use strict";

  function setupLargeText() {
    var button = document.querySelector(".site-large-text");
    if (!button || button.dataset.ready) return;
    button.dataset.ready = "1";
    var sync = function () {
      var on = document.documentElement.dataset.largeText === "1";
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "标准版" : "大字版";
      button.setAttribute("aria-label", on ? "恢复标准字号" : "大字版：放大全站文字");
    };
    sync();
    button.addEventListener("click", function () {
      var on = document.documentElement.dataset.largeText !== "1";
      if (on) document.documentElement.dataset.largeText = "1";
      else delete document.documentElement.dataset.largeText;
      try { localStorage.setItem("large-text", on ? "1" : "0"); } catch (e) { /* private mode */ }
      sync();
    });
  }

  /* Material's phone menu button is a <label for="__drawer">, which Tab skips: make it a
     focusable button (Enter/Space open and close it, Escape closes and returns focus), and
     keep the closed drawer's links out of the Tab order while it is off screen. */
  var DRAWER_MEDIA = "(max-width: 76.1875em)";

  function setupDrawerButton() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector('.md-header label[for="__drawer"]');
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !button || button.dataset.ready) return;
    button.dataset.ready = "1";
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-label", "打开导航菜单");
    if (drawer) {
      if (!drawer.id) drawer.id = "site-drawer";
      button.setAttribute("aria-controls", drawer.id);
    }
    var narrow = window.matchMedia ? window.matchMedia(DRAWER_MEDIA) : null;
    var sync = function () {
      button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
      button.setAttribute("aria-label", toggle.checked ? "关闭导航菜单" : "打开导航菜单");
      if (drawer) {
        var hidden = !toggle.checked && narrow !== null && narrow.matches;
        if (hidden) drawer.setAttribute("inert", "");
        else drawer.removeAttribute("inert");
      }
    };
    var set = function (open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      /* Material listens for the checkbox's change event (it locks scrolling behind it). */
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      sync();
      if (open && drawer) {
        var first = drawer.querySelector("a[href], label[for]:not([for='__drawer'])");
        if (first) first.focus();
      }
    };
    button.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        set(!toggle.checked);
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        set(false);
        button.focus();
      }
    });
    toggle.addEventListener("change", sync);
    if (narrow && narrow.addEventListener) narrow.addEventListener("change", sync);
    sync();
  }

  /* The search page itself is theme/assets/javascripts/search.js. */

  /* Coming from a search result, mark the words searched for on the page. */
  function setupHighlight() {
    var query = new URLSearchParams(window.location.search).get("highlight");
    var article = document.querySelector("article.md-content__inner");
    if (!query || !article || article.dataset.highlighted) return;
    article.dataset.highlighted = "1";
    var words = query.split(/\s+/).filter(function (w) { return w.length > 0; });
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      words.forEach(function (word) {
        var at = node.nodeValue.indexOf(word);
        if (at < 0 || !node.parentNode || node.parentNode.nodeName === "MARK") return;
        var match = node.splitText(at);
        match.splitText(word.length);
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        match.parentNode.replaceChild(mark, match);
        mark.appendChild(match);
      });
    });
  }

  function setupSourceHighlight() {
    var lines = document.querySelector(".source-lines");
    if (!lines) return;
    var apply = function () {
      lines.querySelectorAll(".is-highlighted").forEach(function (li) { li.classList.remove("is-highlighted"); });
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (!target || !target.dataset.task) return;
      lines.querySelectorAll("li[data-task]").forEach(function (li) {
        if (li.dataset.task === target.dataset.task) li.classList.add("is-highlighted");
      });
    };
    apply();
    window.addEventListener("hashchange", apply);
  }

  function sortKey(cell) {
    var marked = cell.querySelector("[data-sort]");
    if (marked) return parseFloat(marked.getAttribute("data-sort"));
    var text = cell.textContent.trim();
    var number = parseFloat(text.replace(/[^0-9.\-]/g, ""));
    return /^[\-0-9.]/.test(text) && !isNaN(number) ? number : text;
  }

  function setupSortableTables() {
    /* Key–value tables (.facts) have a hidden header and are not sortable. */
    document.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
      if (table.closest(".facts")) return;
      var head = table.tHead;
      if (!head || table.dataset.sortable || !table.tBodies[0] || table.tBodies[0].rows.length < 2) return;
      table.dataset.sortable = "1";
      Array.prototype.forEach.call(head.rows[0].cells, function (th, column) {
        if (!th.textContent.trim()) return;
        th.setAttribute("aria-sort", "none");
        th.tabIndex = 0;
        var sort = function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          head.querySelectorAll("th").forEach(function (other) { if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = sortKey(a.cells[column]), y = sortKey(b.cells[column]);
            var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-Hans-CN-u-co-pinyin");
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        };
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
        });
      });
    });
  }

  /* Filter a table's rows by their data-* attributes (年份, 级别, 类型); the choice is kept in
     the URL (?year=2026&level=县级) so a filtered view can be shared and survives reloads. */
  function setupTableFilters() {
    document.querySelectorAll(".table-filters[data-filter-for]").forEach(function (box) {
      var table = document.getElementById(box.getAttribute("data-filter-for"));
      if (!table || box.dataset.wired) return;
      box.dataset.wired = "1";
      var selects = box.querySelectorAll("select[data-filter]");
      var params = new URLSearchParams(window.location.search);
      var apply = function () {
        var shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var keep = Array.prototype.every.call(selects, function (select) {
            return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter")) === select.value;
          });
          row.hidden = !keep;
          if (keep) shown += 1;
        });
        box.setAttribute("data-shown", String(shown));
      };
      selects.forEach(function (select) {
        var wanted = params.get(select.getAttribute("data-filter"));
        if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
        select.addEventListener("change", function () {
          var url = new URL(window.location.href);
          if (select.value) url.searchParams.set(select.getAttribute("data-filter"), select.value);
          else url.searchParams.delete(select.getAttribute("data-filter"));
          window.history.replaceState(null, "", url.toString());
          apply();
        });
      });
      apply();
    });
  }

  /* A table wider than a phone scrolls sideways in Material's wrapper: keyboard users must be
     able to focus the wrapper to scroll it, and screen readers hear what it is. */
  function setupScrollRegions() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1 && getComputedStyle(wrap).overflowX !== "visible";
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "表格（可左右滚动）");
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  /* Phones show a table of three or more columns as cards (site.css): each cell is labelled
     with its column name, and explicit roles keep it a table for screen readers, which
     lose the table semantics of rows shown as blocks. Key–value tables (.facts) stay as they are. */
  function setupTableCards() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      if (table.dataset.cards || table.closest(".facts") || !table.tHead) return;
      var heads = table.tHead.rows[0] ? table.tHead.rows[0].cells : [];
      if (heads.length < 3) return;
      var labels = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
        group.setAttribute("role", "rowgroup");
      });
      Array.prototype.forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        Array.prototype.forEach.call(row.cells, function (cell, column) {
          if (cell.tagName === "TH") {
            cell.setAttribute("role", cell.parentNode.parentNode === table.tHead ? "columnheader" : "rowheader");
          } else {
            cell.setAttribute("role", "cell");
            if (labels[column]) cell.setAttribute("data-label", labels[column]);
          }
        });
      });
      table.dataset.cards = "1";
    });
  }

  function setup() {
    setupLargeText();
    setupDrawerButton();
    setupTableFilters();
    setupHighlight();
    setupSourceHighlight();
    setupTableCards();
    setupSortableTables();
    setupScrollRegions();
  }

  /* Widths change with the window and with 大字版: look again which tables scroll. */
  window.addEventListener("resize", setupScrollRegions);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".site-large-text")) setupScrollRegions();
  });

  if (typeof document$ !== "undefined") document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
