// Client-side search over window.KG_SEARCH (from search-index.js): [label, class, path, other names].
(function () {
  "use strict";
  var index = window.KG_SEARCH || [];
  var root = document.body.getAttribute("data-root") || "";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = index.map(function (row) { return fold([row[0]].concat(row[3]).join(" | ")); });
  var labels = index.map(function (row) { return fold(row[0]); });

  // 0: the name starts with the query; 1: a word of the name does; 2: the name contains it; 3: only another name does.
  function rank(label, words) {
    if (label.indexOf(words[0]) === 0) { return 0; }
    if (words.every(function (w) { return (" " + label).indexOf(" " + w) !== -1; })) { return 1; }
    if (words.every(function (w) { return label.indexOf(w) !== -1; })) { return 2; }
    return 3;
  }

  function search(query, limit) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) { return []; }
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var text = folded[i];
      if (words.every(function (w) { return text.indexOf(w) !== -1; })) {
        hits.push([rank(labels[i], words), i]);
      }
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return hits.slice(0, limit).map(function (h) { return index[h[1]]; });
  }

  function item(row) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + row[2];
    a.textContent = row[0];
    var cls = document.createElement("span");
    cls.className = "cls";
    cls.textContent = row[1];
    a.appendChild(cls);
    li.appendChild(a);
    return li;
  }

  function render(list, rows, empty) {
    list.innerHTML = "";
    rows.forEach(function (row) { list.appendChild(item(row)); });
    if (!rows.length && empty) {
      var li = document.createElement("li");
      li.textContent = empty;
      list.appendChild(li);
    }
  }

  var box = document.getElementById("search-box");
  var drop = document.getElementById("search-results");
  if (box && drop) {
    box.addEventListener("input", function () {
      var rows = search(box.value, 12);
      render(drop, rows, box.value.trim() ? "No match" : "");
      drop.hidden = !box.value.trim();
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { drop.hidden = true; }
    });
    document.addEventListener("click", function (event) {
      if (!drop.contains(event.target) && event.target !== box) { drop.hidden = true; }
    });
  }

  var pageBox = document.getElementById("search-page-box");
  var pageList = document.getElementById("search-page-results");
  if (pageBox && pageList) {
    var q = new URLSearchParams(window.location.search).get("q") || "";
    pageBox.value = q;
    var update = function () { render(pageList, search(pageBox.value, 200), pageBox.value.trim() ? "No match" : ""); };
    pageBox.addEventListener("input", update);
    update();
  }
})();
